"""Assisted entry: proposals of records from a pasted news article (see `proposals`)."""

from relations.extract.extractor import extract

__all__ = ["extract"]
