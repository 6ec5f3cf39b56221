"""Downloads: tables as CSV, JSON and Excel, and the PDF bulletin."""
