"""The REST API: read everything, filter like the pages, export CSV, write with an account."""
