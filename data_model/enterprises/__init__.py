"""Enterprise cultivation pool: credit codes, yearly figures and screening against Tables 1-3."""
