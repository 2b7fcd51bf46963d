"""Persistence and indexes: locations, library, search index, bookmark store. No Textual."""
