"""archive-reader: a terminal reader for declassified archival records."""

__version__ = "0.1.0"
