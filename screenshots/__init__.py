"""SVG screenshots of the reader, made by driving the app (``make screenshots``)."""
