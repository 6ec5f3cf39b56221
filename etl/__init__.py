"""Reading and validating what bureaus send, and loading it in one transaction."""
