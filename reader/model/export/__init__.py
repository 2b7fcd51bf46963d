"""Ways out of the reader: JSON (the documented schema), text, Markdown, TEI, citations.

One module per output format, each with ``render(document, **options) -> str``:
``json_format``, ``text_format``, ``markdown_format``, ``tei_format``; citations live in
``citation``. All pure: no Textual, no Rich.
"""
