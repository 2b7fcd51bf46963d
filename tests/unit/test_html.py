"""Saved archive pages: furniture dropped, content read with the plain rules."""

from __future__ import annotations

from reader.model.formats import parse_data
from reader.model.formats.html import html_to_text

PAGE = b"""<!DOCTYPE html>
<html><head><title>Memorandum of Conversation - Office of the Historian</title>
<link rel="canonical" href="https://history.state.gov/historicaldocuments/frus1969-76v18/d8">
<script>var menu = "Kissinger: not a turn";</script><style>p { color: red }</style></head>
<body>
<header class="site-header"><a href="/">Office of the Historian</a></header>
<nav class="hsg-nav"><ul><li>Home</li><li>Historical Documents</li></ul></nav>
<div id="breadcrumbs">Home &gt; FRUS</div>
<main>
 <h1>8. Memorandum of Conversation</h1>
 <p>Peking, July 9, 1971, 4:35&#8211;11:20 p.m.</p>
 <p><strong>Prime Minister Chou:</strong> Welcome to China.</p>
 <p><strong>Dr. Kissinger:</strong> Thank you. (Laughter)</p>
 <ul><li>First point</li><li>Second point</li></ul>
 <p>Text with a control \xe2\x80\xae override.</p>
 <form><input value="Search"/></form>
 <aside>Related documents</aside>
</main>
<footer>Contact us</footer>
</body></html>"""


def test_furniture_is_dropped_and_blocks_kept() -> None:
    text, title, url, warnings = html_to_text(PAGE.decode("utf-8"))
    assert title == "8. Memorandum of Conversation"
    assert url == "https://history.state.gov/historicaldocuments/frus1969-76v18/d8"
    paragraphs = text.split("\n\n")
    assert paragraphs[:4] == [
        "8. Memorandum of Conversation",
        "Peking, July 9, 1971, 4:35–11:20 p.m.",
        "Prime Minister Chou: Welcome to China.",
        "Dr. Kissinger: Thank you. (Laughter)",
    ]
    assert "First point" in paragraphs and "Second point" in paragraphs
    for furniture in ("Historical Documents", "Home", "Contact us", "Related", "Search", "menu"):
        assert furniture not in text
    assert "\u202e" not in text and warnings


def test_page_parses_with_the_plain_rules() -> None:
    [doc] = parse_data(PAGE, "d8.html")
    assert doc.source.format == "html"
    assert doc.metadata.title == "8. Memorandum of Conversation"
    assert doc.metadata.url == "https://history.state.gov/historicaldocuments/frus1969-76v18/d8"
    labels = [b.label for b in doc.blocks if b.attribution == "label"]
    assert labels == ["Prime Minister Chou", "Dr. Kissinger"]


def test_empty_and_broken_pages_do_not_raise() -> None:
    [doc] = parse_data(b"<html><body></body></html>", "empty.html")
    assert doc.blocks == () or all(not b.text for b in doc.blocks)
    [doc] = parse_data(b"<html><body><p>Unclosed <b>bold", "broken.html")
    assert "Unclosed bold" in doc.blocks[0].text


def test_page_cut_short_by_deep_nesting_says_so() -> None:
    """libxml2 stops at 256 levels and keeps only what came before: never silently."""
    from reader.model.formats.html import html_to_text

    source = "<p>before</p>" + "<div>" * 300 + "x" + "</div>" * 300 + "<p>after</p>"
    text, _title, _url, warnings = html_to_text(source)
    assert text.startswith("before")
    assert any("could not be read to its end" in w and "Excessive depth" in w for w in warnings)
