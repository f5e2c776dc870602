"""Synthetic demo data (``manage.py generate_demo``): `generate` makes the records, `writers` puts
them in the database in bulk."""
