"""HTML pages saved from archive sites (history.state.gov, digitalarchive.wilsoncenter.org).

A saved page is mostly furniture: menus, breadcrumbs, search boxes, cookie banners,
"share" links. We parse it with a real HTML parser (lxml.html: no network, entities not
fetched), drop the furniture, keep the main content's block structure as paragraphs
separated by blank lines, and hand that text to the plain-transcript parser, so a saved
page and a copied transcript read the same.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Final

from lxml import etree
from lxml import html as lxml_html

from reader.model.document import Document
from reader.model.loading import LoadedText, neutralise

__all__ = ["html_to_text", "parse"]

#: Elements that are never document text.
_DROP_TAGS: Final = frozenset(
    {
        "nav", "header", "footer", "script", "style", "aside", "form", "noscript",
        "iframe", "svg", "button", "select", "textarea", "template", "object", "embed",
        "canvas", "input", "label", "menu", "dialog", "link", "meta",
    }
)  # fmt: skip
#: ids and classes of site furniture on the archive sites and in common CMS themes.
_FURNITURE: Final = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|sidebar|side-bar|skip|cookie"
    r"|banner|masthead|site-header|site-footer|footer|header|share|sharing|social|search"
    r"|pagination|pager|toolbar|tabs|related|hsg-nav|usa-banner|print-only|sr-only"
    r"|visually-hidden|modal|popup|citation-tools|document-tools)(?:$|[\s_-])",
    re.I,
)
_BLOCK_TAGS: Final = frozenset(
    {
        "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "dt", "pre",
        "tr", "div", "section", "article", "main", "ul", "ol", "dl", "table", "body",
        "figcaption", "caption", "address", "center", "hr",
    }
)  # fmt: skip
_MAIN_XPATHS: Final = (
    "//main",
    "//*[@role='main']",
    "//*[@id='content-inner']",
    "//article",
    "//*[@id='content']",
    "//*[@id='main-content']",
    "//*[@id='main']",
)
_WS = re.compile(r"[ \t\n\r\f\v]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_TITLE_SUFFIX = re.compile(
    r"\s*[-|–—]\s*(?:Office of the Historian|Wilson Center Digital Archive|Digital Archive"
    r"|history\.state\.gov)\s*$",
    re.I,
)


def _is_furniture(element: Any) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in _DROP_TAGS:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    role = (element.get("role") or "").lower()
    if role in ("navigation", "banner", "contentinfo", "search", "complementary"):
        return True
    marks = f"{element.get('id') or ''} {element.get('class') or ''}"
    return bool(marks.strip()) and bool(_FURNITURE.search(marks))


def _main(root: Any) -> Any:
    for xpath in _MAIN_XPATHS:
        found = root.xpath(xpath)
        if found:
            return found[0]
    body = root.find("body")
    return body if body is not None else root


class _Blocks:
    """Collects paragraphs: a block element starts a new one; inline text joins."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.current: list[str] = []

    def flush(self) -> None:
        text = _WS.sub(" ", "".join(self.current)).strip()
        if "\n" in "".join(self.current):
            lines = [_WS.sub(" ", line).strip() for line in "".join(self.current).split("\n")]
            text = "\n".join(line for line in lines if line)
        if text:
            self.paragraphs.append(text)
        self.current = []

    def walk(self, element: Any) -> None:
        if not isinstance(element.tag, str) or _is_furniture(element):
            return
        tag = element.tag.lower()
        if tag == "br":
            self.current.append("\n")
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        if tag == "pre":
            text = element.text_content()
            self.paragraphs.extend(p for p in (t.rstrip() for t in text.split("\n\n")) if p.strip())
            return
        if element.text:
            self.current.append(element.text)
        for child in element:
            self.walk(child)
            if child.tail:
                self.current.append(child.tail)
        if tag in ("td", "th"):
            self.current.append("\t")
        if block:
            self.flush()


def html_to_text(source: str) -> tuple[str, str | None, str | None, list[str]]:
    """(text, title, canonical url, warnings) of a saved page's main content."""
    source = _XML_DECL.sub("", source, count=1)
    parser = lxml_html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, recover=True
    )
    warnings: list[str] = []
    try:
        root = lxml_html.document_fromstring(source, parser=parser)
    except (etree.ParserError, ValueError):
        return "", None, None, ["the page holds no readable HTML"]
    # The lenient HTML parser stops at a fatal error (such as nesting deeper than
    # libxml2's limit) and keeps only what came before: say so rather than lose text
    # silently.
    fatal = [e.message for e in parser.error_log if e.level_name == "FATAL"]
    if fatal:
        warnings.append(
            f"the page could not be read to its end ({fatal[0].split(',')[0]}); "
            "text after that point is missing"
        )
    title = None
    for xpath in ("//h1", "//title"):
        found = root.xpath(xpath)
        # Element paths give a list of elements; narrow for the type checker.
        if isinstance(found, list) and found and isinstance(found[0], lxml_html.HtmlElement):
            text = _WS.sub(" ", found[0].text_content()).strip()
            text = _TITLE_SUFFIX.sub("", text)
            if text:
                title = text
                break
    url = None
    for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        found = root.xpath(xpath)
        # Attribute paths give a list of strings.
        if not (isinstance(found, list) and found and isinstance(found[0], str)):
            continue
        if found[0].startswith(("http://", "https://")):
            url = found[0].strip()
            break
    blocks = _Blocks()
    blocks.walk(_main(root))
    blocks.flush()
    text = "\n\n".join(blocks.paragraphs)
    text, found_warnings = neutralise(text)
    warnings.extend(found_warnings)
    if title:
        title = neutralise(title)[0]
    if url:
        url = neutralise(url)[0]
    return text, title, url, warnings


def parse(loaded: LoadedText, path: str | None) -> Document:
    """Strip the page to its content and read it with the plain-transcript rules."""
    from reader.model.formats import parse_text

    text, title, url, warnings = html_to_text(loaded.text)
    inner = LoadedText(
        text=text + ("\n" if text else ""),
        encoding=loaded.encoding,
        warnings=(*loaded.warnings, *warnings),
        sha256=loaded.sha256,
        size=loaded.size,
    )
    document = parse_text(inner, path, "plain")
    metadata = document.metadata
    changes: dict[str, Any] = {}
    if title:
        changes["title"] = title
    if url and not metadata.url:
        changes["url"] = url
    if changes:
        metadata = dataclasses.replace(metadata, **changes)
    source = dataclasses.replace(document.source, format="html")
    return dataclasses.replace(document, metadata=metadata, source=source)
