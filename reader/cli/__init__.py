"""Subcommands of the ``archive-reader`` command line, one module each.

Each module defines ``configure(parser)`` to add its arguments and ``run(args) -> int``
to do the work and return the exit status (0 success, 1 no result or unreadable input,
2 usage error). They print user-facing messages, never tracebacks.
"""
