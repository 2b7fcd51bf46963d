"""archive-reader: a terminal reader for declassified archival records."""

import logging

__version__ = "0.1.0"

# A library logs; the application decides where logs go. Without a handler, Python's
# last-resort handler printed each warning (an index rebuilt) on stderr, where the
# command line also tells the user in its own words: the message came twice.
logging.getLogger(__name__).addHandler(logging.NullHandler())
