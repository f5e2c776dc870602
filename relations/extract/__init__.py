"""Assisted entry: proposals of records from a pasted news article (see `proposals`)."""
