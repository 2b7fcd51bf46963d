"""Citations for a document or a passage: Chicago notes, CSL-JSON, BibTeX/biblatex, RIS.

A historian reads to quote, so every passage must leave the reader with a citation a
reference manager accepts. ``citation_data`` gathers what the metadata knows once;
the emitters only arrange it. No citation-processing library: the formats are small
and their escaping rules are the part worth owning.

Names printed family-first in the source (Zhang Qian, Shen Jian, DONG Biwu) stay
family-first: they are never inverted to "Qian Zhang".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from reader.model.document import Block, Document, Metadata

__all__ = [
    "FORMATS",
    "CitationData",
    "Name",
    "bibtex",
    "chicago_note",
    "citation_data",
    "csl_json",
    "parse_name",
    "parse_names",
    "render",
    "ris",
    "volume_text",
]

#: format name (as on the command line) -> emitter; see ``render``.
FORMATS = ("chicago", "csl-json", "bibtex", "ris")

WILSON = "Wilson Center Digital Archive"
FRUS = "Foreign Relations of the United States"
DAFP = "Documents on Australian Foreign Policy"
#: the families whose records are cited as documents of a printed edition (series,
#: volume, document number), not as loose archival records
EDITIONS = frozenset({"frus", "dafp"})

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


# ---------------------------------------------------------------------------- names

#: Common Chinese, Korean and Vietnamese family names in the romanisations found in
#: archival translations (pinyin, Wade-Giles, Korean and Vietnamese forms).
_EAST_ASIAN_FAMILY = frozenset(
    """
    an ao bai bao bi bian bo cai cao cen chai chang chao chen cheng chi chiang chien chin
    ching chiao chou chu chuang chung cui dai dan deng di ding dong dou du duan fan fang fei feng
    fu gan gao ge geng gong gu guan guo han hao he heng ho hong hou hsia hsiao hsieh hsu
    hsueh hu hua huang hui huo ji jia jian jiang jiao jin jing ju kang kao ke kong kuang kuo
    lai lan lang lao le lei li liang liao lien lin ling liu long lou lu luo lü ma mai man mao
    mei meng mi miao min ming mo mu ni nie ning ou pan pang pei peng pi ping pu qi qian qiao
    qin qiu qu quan ran ren rong ruan sha shan shang shao shen sheng shi shu si song su sui
    sun tan tang tao teng tian tien ting tong tsai tsao tseng tso tu wan wang wei wen weng
    wong wu xi xia xiang xiao xie xin xing xiong xu xue yan yang yao ye yeh yi yin ying yu
    yuan yue yun zeng zha zhai zhan zhang zhao zhen zheng zhong zhou zhu zhuang zou zuo
    kim lee yi park pak choi choe jung chung kang cho yoon yun jang lim han oh seo shin kwon
    hwang ahn an song ryu yoo hong jeon ko moon mun yang son bae baek heo nam noh roh ha
    kwak sung cha joo woo min ku
    nguyen tran pham hoang huynh phan vu vo dang bui do ngo duong ly le trinh dinh mac
    """.split()
)

#: Vietnamese family names are never Western given names, so their given part needs no
#: checking; the others ("Kim", "Lee", "Lin") do: Kim Philby is not a Kim.
_VIETNAMESE_FAMILY = frozenset(
    "nguyen tran pham hoang huynh phan vu vo dang bui ngo duong trinh dinh".split()
)

#: One romanised syllable of Chinese (pinyin or Wade-Giles), Korean or Vietnamese.
_SYLLABLE = (
    r"(?:zh|ch|sh|hs|ts|tz|ng|nh|kh|ph|th|tr|gi|[bpmfdtnlgkhjqxrzcswyv])?"
    r"(?:iao|ian|iang|iong|uai|uan|uang|ueng|ueh|uei|ai|ei|ao|ou|an|en|ang|eng|ong|ung|er|"
    r"ia|ie|iu|in|ing|io|ua|uo|ui|un|ue|ih|ae|eo|eu|ee|oo|yu|yo|oa|uy|a|o|e|i|u|ü|v)"
    r"(?:ng|nh|n|m|p|t|k|ch|c|l)?"
)
_ROMANISED = re.compile(rf"(?:{_SYLLABLE}){{1,3}}", re.I)
_PARTICLES = frozenset("van von der den de del della di da du la le dos das ter ten".split())
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name split the way reference managers want it."""

    family: str
    given: str = ""
    #: printed family name first (Zhang Qian): display and ordering keep it first
    family_first: bool = False
    suffix: str = ""
    #: a name that cannot be split (an institution, a single word)
    literal: str = ""

    @property
    def display(self) -> str:
        """The name in its natural order, as the source prints it."""
        if self.literal:
            return self.literal
        if self.family_first:
            return " ".join(p for p in (self.family, self.given) if p)
        text = " ".join(p for p in (self.given, self.family) if p)
        return f"{text}, {self.suffix}" if self.suffix else text

    @property
    def inverted(self) -> str:
        """"Family, Given" for BibTeX and RIS: unambiguous whichever order is native."""
        if self.literal:
            return self.literal
        text = f"{self.family}, {self.given}" if self.given else self.family
        return f"{text}, {self.suffix}" if self.suffix else text

    def csl(self) -> dict[str, Any]:
        if self.literal:
            return {"literal": self.literal}
        item: dict[str, Any] = {"family": self.family}
        if self.given:
            item["given"] = self.given
        if self.suffix:
            item["suffix"] = self.suffix
        if self.family_first:
            # citeproc-js then prints "Zhang Qian", not "Qian Zhang", in notes.
            item["static-ordering"] = True
        return item


def _romanised_given(parts: list[str]) -> bool:
    for part in parts:
        for piece in re.split(r"[-‐’'`ʼ]", part):
            if piece and not _ROMANISED.fullmatch(piece):
                return False
    return True


def _is_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def parse_name(text: str) -> Name:
    """Split one personal name; family-first East Asian names are recognised, not flipped."""
    text = " ".join(text.split()).strip(" ,;")
    if not text:
        return Name(family="", literal="")
    if "," in text:
        family, _, rest = text.partition(",")
        rest = rest.strip()
        suffix = ""
        if rest.lower() in _SUFFIXES:
            return Name(family=family.strip(), suffix=rest)
        return Name(family=family.strip(), given=rest)
    words = text.split(" ")
    if len(words) == 1:
        return Name(family=words[0]) if any(c.isalpha() for c in text) else Name("", literal=text)
    # Any name not in Latin script (周恩来 is one word; Громыко А. А. is Russian order
    # already handled below) is kept as the source gives it.
    if len(words) <= 4:
        head = words[0]
        if _is_caps(head) and not all(_is_caps(w) for w in words):
            # DONG Biwu, KIM Il Sung: the capitals mark the family name.
            return Name(family=head, given=" ".join(words[1:]), family_first=True)
        key = re.sub(r"[’'`ʼ]", "", head.lower().rstrip("."))
        if key in _EAST_ASIAN_FAMILY and (
            key in _VIETNAMESE_FAMILY or _romanised_given(words[1:])
        ):
            return Name(family=head, given=" ".join(words[1:]), family_first=True)
    suffix = ""
    if words[-1].lower() in _SUFFIXES and len(words) > 2:
        suffix = words.pop()
    family_start = len(words) - 1
    while family_start > 1 and words[family_start - 1].lower() in _PARTICLES:
        family_start -= 1
    return Name(
        family=" ".join(words[family_start:]),
        given=" ".join(words[:family_start]),
        suffix=suffix,
    )


_NAME_SPLIT = re.compile(r"\s*(?:;|,\s*and\s+|\s+and\s+|\s*&\s*|,)\s*")
_TRANSLATED_BY = re.compile(
    r"^(?:translated\s+)?(?:(?:for|by)\s+.+?\s+)?by\s+|^translated\s+by\s+|^trans\.\s*", re.I
)


def parse_names(text: str | None) -> tuple[Name, ...]:
    """Split a list of names ("Zhang Qian and Gary Goldberg"); drops "Translated for X by"."""
    if not text:
        return ()
    text = " ".join(text.split()).strip(" .")
    text = _TRANSLATED_BY.sub("", text)
    # "Goldberg, Gary" is one inverted name, not two; only split on commas when every
    # piece has a space in it (a list of natural-order names).
    pieces = [p for p in _NAME_SPLIT.split(text) if p]
    if "," in text and " and " not in text and ";" not in text:
        if not all(" " in p for p in pieces):
            return (parse_name(text),)
    return tuple(parse_name(p) for p in pieces if any(c.isalpha() for c in p))


# ------------------------------------------------------------------------ the data


@dataclass(frozen=True, slots=True)
class CitationData:
    """Everything a citation can say about a document, or one passage of it."""

    title: str
    #: ISO date (YYYY, YYYY-MM, YYYY-MM-DD) or None
    date: str | None = None
    #: the date as printed, used when there is no ISO date
    date_text: str | None = None
    genre: str | None = None
    authors: tuple[Name, ...] = ()
    translators: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    #: the holding archive or publisher ("Wilson Center Digital Archive")
    archive: str | None = None
    #: the archival signature without a bare page range ("PRC FMA 109-03157-01")
    archive_location: str | None = None
    #: the page range of the record ("1-10" at Wilson; the printed pages at FRUS)
    pages: str | None = None
    original_language: str | None = None
    #: "wilson", "frus", "dafp" or "other": which house style the Chicago note follows
    family: str = "other"
    #: the series ("Foreign Relations of the United States, 1969–1976")
    collection: str | None = None
    #: the volume as a citation prints it ("Volume XII, Soviet Union, ...")
    volume: str | None = None
    #: document number within the volume or collection
    number: str | None = None
    url: str | None = None
    place: str | None = None
    #: the archive's own citation sentence, as given
    source_citation: str | None = None
    #: a stable identifier (BibTeX key, CSL id)
    key: str = "document"
    # -- passage (all None for a whole-document citation)
    #: 1-based block number (the --passage N of the command line)
    passage: int | None = None
    #: labelled turns up to and including the passage ("turn 12"), None when unlabelled
    turn: int | None = None
    #: printed page(s) where the passage stands ("581" or "581–582")
    page: str | None = None
    speaker: str | None = None
    quote: str | None = None
    #: a quote across passages: the 1-based block number where it ends (None: one passage)
    end_passage: int | None = None
    #: ...and the turn number there, when both ends are turns
    end_turn: int | None = None
    #: the passage is a whole table: cited as "para. 8, table" without a quote (its rows
    #: run together on one line mean nothing; words selected in it are quoted)
    table: bool = False

    @property
    def edition(self) -> bool:
        """A document of a printed documentary edition (FRUS, DAFP): cited by series,
        volume and document number."""
        return self.family in EDITIONS

    @property
    def locator(self) -> str | None:
        """The pinpoint a footnote gives: "p. 581", "turn 12" or "para. 7"; for a quote
        across passages "pp. 581–582", "turns 3–5" or "paras. 7–9"."""
        if self.passage is None:
            return None
        where = self._where()
        return f"{where}, table" if self.table else where

    def _where(self) -> str:
        """The page, turn or paragraph part of ``locator``."""
        if self.page:
            return f"{'pp.' if '–' in self.page or '-' in self.page else 'p.'} {self.page}"
        if self.turn is not None:
            if self.end_turn is not None and self.end_turn != self.turn:
                return f"turns {self.turn}–{self.end_turn}"
            return f"turn {self.turn}"
        if self.end_passage is not None and self.end_passage != self.passage:
            return f"paras. {self.passage}–{self.end_passage}"
        return f"para. {self.passage}"

    @property
    def year(self) -> str | None:
        if self.date and re.match(r"\d{4}", self.date):
            return self.date[:4]
        match = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", self.date_text or "")
        return match.group(1) if match else None


_GENRES = (
    (r"memorand(?:um|a) of (?:a )?conversation|memcon", "memorandum of conversation"),
    (r"record of (?:a |the )?(?:conversation|talk|meeting)", "record of conversation"),
    (r"\bdiary\b|\bjournal\b", "diary"),
    (r"telegram|cablegram|\bcable\b|\btelex\b", "telegram"),
    (r"\bminutes\b", "minutes"),
    (r"transcript", "transcript"),
    (r"\bletter\b", "letter"),
    (r"\bmemorandum\b", "memorandum"),
    (r"\breport\b", "report"),
    (r"\bspeech\b|\baddress\b", "speech"),
    (r"\bnote\b", "note"),
)


def _genre(metadata: Metadata) -> str | None:
    if metadata.document_type:
        return " ".join(metadata.document_type.split())
    best: tuple[int, str] | None = None
    for pattern, genre in _GENRES:
        match = re.search(pattern, metadata.title, re.I)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), genre)
    return best[1] if best else None


_DIARY_OF = re.compile(r"\bdiary of\s+(.+?)(?:,|\s+\(|$)", re.I)

_WILSON_SENTENCE = re.compile(
    r"""^\s*["“](?P<title>.+?)\s*,?\s*["”]\s*,?\s*(?P<date>(?:[A-Za-z]+\.?\s+)?(?:\d{1,2},?\s+)?\d{4})\s*,\s*
    (?P<archive>[^,]*(?:Digital\ Archive|Program))\s*,\s*(?P<rest>.*)$""",
    re.X | re.S,
)
_TRAILING_RANGE = re.compile(r",\s*(?P<pages>\d+\s*[-–]\s*\d+|\d+)\s*$")


def _from_wilson_sentence(sentence: str) -> dict[str, str]:
    """Archive, location and translator from Wilson's own citation sentence."""
    match = _WILSON_SENTENCE.match(" ".join(sentence.split()))
    if not match:
        return {}
    found = {"archive": match.group("archive").strip()}
    rest = re.sub(r"\s*<?https?://\S+>?\s*$", "", match.group("rest")).strip()
    translated = re.search(r"\.\s*(Translated\b.*?)\.?\s*$", rest)
    if translated:
        found["translator"] = translated.group(1)
        rest = rest[: translated.start()]
    rest = re.sub(r"\.\s*(?:Obtained|Contributed|Published|Included)\b.*$", "", rest)
    found["location"] = rest.strip(" .")
    return found


def _split_location(location: str | None) -> tuple[str | None, str | None]:
    """"PRC FMA 109-03157-01, 1-10" -> ("PRC FMA 109-03157-01", "1-10")."""
    if not location:
        return None, None
    location = " ".join(location.split())
    match = _TRAILING_RANGE.search(location)
    if match and match.start() > 0:
        return location[: match.start()].strip(" ,") or None, match.group("pages")
    return location, None


def volume_text(metadata: Metadata) -> str | None:
    """The volume as a citation (or a list heading) prints it after the collection:
    "Volume 27" from "27"; None for an id, or when the collection already names it."""
    volume = (metadata.volume or "").strip()
    if not volume:
        return None
    if re.fullmatch(r"frus[\w-]+", volume):
        return None  # a volume id ("frus1969-76v38p1"), not what a citation prints
    if re.fullmatch(r"[IVXLC]+|\d+", volume):
        volume = f"Volume {volume}"
    if metadata.collection and volume in metadata.collection:
        return None
    return volume


def _extra(metadata: Metadata, *labels: str) -> str | None:
    wanted = {label.lower() for label in labels}
    for label, value in metadata.extra:
        if label.strip().rstrip(":").lower() in wanted and value.strip():
            return value.strip()
    return None


def _ascii_slug(text: str, limit: int = 24) -> str:
    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", flat.lower())[:limit]


_STOP = frozenset("a an the of from to and on in record memorandum".split())


def _key(
    data_title: str, year: str | None, family: str, metadata: Metadata, part: str | None
) -> str:
    words = [w for w in re.findall(r"[^\W\d_]+", data_title) if w.lower() not in _STOP]
    word = _ascii_slug(words[0]) if words else ""
    prefix = {"wilson": "wilson", "frus": "frus", "dafp": "dafp"}.get(family, "doc")
    identity = "|".join(
        x or ""
        for x in (metadata.url, metadata.title, metadata.date, metadata.archive_location,
                  metadata.volume, metadata.number, part)
    )  # fmt: skip
    digest = hashlib.sha1(identity.encode("utf-8"), usedforsecurity=False).hexdigest()[:6]
    return f"{prefix}{year or 'nd'}{word}-{digest}"


def _clean_title(title: str, number: str | None) -> str:
    title = " ".join(title.split())
    if number:
        title = re.sub(rf"^{re.escape(number)}\.\s+", "", title)
    return title


def _page_at(document: Document, index: int, offset: int | None) -> str | None:
    """The printed page in force at ``offset`` of block ``index`` (None: its start)."""
    page: str | None = None
    for i, block in enumerate(document.blocks[: index + 1]):
        if block.page:
            page = block.page
        for span in block.spans:
            if span.kind != "page-break" or not span.ref:
                continue
            if i < index or span.start <= (offset or 0):
                page = span.ref
    return page


def _document_pages(document: Document) -> str | None:
    pages: list[str] = []
    for block in document.blocks:
        if block.page and (not pages or pages[-1] != block.page):
            pages.append(block.page)
        for span in block.spans:
            if span.kind == "page-break" and span.ref and (not pages or pages[-1] != span.ref):
                pages.append(span.ref)
    if not pages:
        return None
    return pages[0] if pages[0] == pages[-1] else f"{pages[0]}–{pages[-1]}"


def quote_text(block: Block, start: int | None = None, end: int | None = None) -> str:
    """The words of a passage as printed, without footnote markers (they mean nothing
    outside the page)."""
    start = 0 if start is None else max(0, min(start, len(block.text)))
    end = len(block.text) if end is None else max(start, min(end, len(block.text)))
    cut = sorted(
        (s.start, s.end) for s in block.spans if s.kind == "footnote-ref" and s.end > s.start
    )
    pieces: list[str] = []
    position = start
    for s_start, s_end in cut:
        if s_end <= position or s_start >= end:
            continue
        pieces.append(block.text[position:max(position, s_start)])
        position = max(position, s_end)
    pieces.append(block.text[position:end])
    return " ".join("".join(pieces).split())


def citation_data(
    document: Document,
    passage: int | None = None,
    start: int | None = None,
    end: int | None = None,
    end_passage: int | None = None,
) -> CitationData:
    """Gather a citation for ``document`` or for its block ``passage`` (0-based index),
    optionally only the characters ``start:end`` of that block; with ``end_passage``
    (0-based, after ``passage``) the quote runs on to ``end`` of that block.

    Raises IndexError for a passage outside the document.
    """
    meta = document.metadata
    source_format = document.source.format
    family = "other"
    if source_format == "frus-tei" or (meta.collection or "").startswith(FRUS):
        family = "frus"
    elif source_format == "wilson" or "Digital Archive" in (meta.archive or "") or (
        "Digital Archive" in (meta.citation or "")
    ):
        family = "wilson"
    elif source_format == "dfat" or (meta.collection or "").startswith(DAFP):
        family = "dafp"

    sentence = _from_wilson_sentence(meta.citation) if meta.citation else {}
    archive = meta.archive or sentence.get("archive")
    if family == "wilson" and not archive:
        archive = WILSON
    location, pages = _split_location(meta.archive_location or sentence.get("location"))
    translators = parse_names(meta.translator or sentence.get("translator"))
    authors = parse_names(meta.author)
    if not authors:
        diary = _DIARY_OF.search(meta.title)
        if diary:
            authors = (parse_name(diary.group(1)),)
    editors = parse_names(_extra(meta, "editor", "editors", "edited by", "ed.", "eds."))
    collection = meta.collection
    if family == "frus" and not collection:
        collection = FRUS
    if family == "frus" and not pages:
        pages = _document_pages(document)
    title = _clean_title(meta.title, meta.number) or "Untitled document"
    data = CitationData(
        title=title,
        date=(meta.date or "")[:10] or None,
        date_text=meta.date_text,
        genre=_genre(meta),
        authors=authors,
        translators=translators,
        editors=editors,
        archive=archive,
        archive_location=location,
        pages=pages,
        original_language=meta.original_language,
        family=family,
        collection=collection,
        volume=volume_text(meta),
        number=meta.number,
        url=meta.url,
        place=meta.place,
        source_citation=meta.citation,
        key=_key(title, (meta.date or "")[:4] or None, family, meta, document.source.part),
    )
    if passage is None:
        return data
    if not 0 <= passage < len(document.blocks):
        count = len(document.blocks)
        raise IndexError(f"passage {passage + 1} is outside the document (1-{count})")
    if end_passage is not None and end_passage != passage:
        return _passages(document, data, passage, start, end_passage, end)
    block = document.blocks[passage]
    turn = 0
    for earlier in document.blocks[: passage + 1]:
        if earlier.kind == "turn" and earlier.attribution == "label":
            turn += 1
    is_turn = block.speaker is not None and block.attribution in ("label", "continuation")
    first = _page_at(document, passage, start)
    last = _page_at(document, passage, end if end is not None else len(block.text))
    page = first if first == last or not last else f"{first}–{last}"
    speaker = document.speaker(block.speaker)
    whole = (start is None or start <= 0) and (end is None or end >= len(block.text))
    table = block.kind == "table" and whole
    return _replace(
        data,
        passage=passage + 1,
        turn=turn if (turn and is_turn) else None,
        page=page,
        speaker=speaker.name if speaker else (block.label or None),
        quote=None if table else quote_text(block, start, end),
        table=table,
        key=f"{data.key}-p{passage + 1}",
    )


def _turn_at(document: Document, index: int) -> int | None:
    """The labelled turn passage ``index`` belongs to, None when it is no turn."""
    block = document.blocks[index]
    if block.speaker is None or block.attribution not in ("label", "continuation"):
        return None
    turn = sum(
        1 for b in document.blocks[: index + 1] if b.kind == "turn" and b.attribution == "label"
    )
    return turn or None


def _passages(
    document: Document,
    data: CitationData,
    passage: int,
    start: int | None,
    end_passage: int,
    end: int | None,
) -> CitationData:
    """A citation of words running from ``passage`` on to ``end_passage``.

    The quote keeps each passage's words; where more than one person speaks in it, each
    passage's words follow its speaker's name ("Shen Jian: ... Guevara: ..."), since a
    quote of a conversation must say who said what.
    """
    if not passage < end_passage < len(document.blocks):
        count = len(document.blocks)
        raise IndexError(f"passages {passage + 1}-{end_passage + 1} are not in the document "
                         f"(1-{count}) in reading order")  # fmt: skip
    indexes = range(passage, end_passage + 1)
    parts: list[tuple[str | None, str]] = []
    for index in indexes:
        block = document.blocks[index]
        words = quote_text(
            block, start if index == passage else None, end if index == end_passage else None
        )
        if words:
            who = document.speaker(block.speaker)
            parts.append((who.name if who else (block.label or None), words))
    names = {name for name, _ in parts}
    speaker: str | None = None
    if len(names) == 1:
        speaker, quote = next(iter(names)), " ".join(words for _, words in parts)
    else:
        quote = " ".join(f"{name}: {words}" if name else words for name, words in parts)
    first = _page_at(document, passage, start)
    last_block = document.blocks[end_passage]
    last = _page_at(document, end_passage, end if end is not None else len(last_block.text))
    page = first if first == last or not last or not first else f"{first}–{last}"
    turn, end_turn = _turn_at(document, passage), _turn_at(document, end_passage)
    if turn is None or end_turn is None:
        turn = end_turn = None
    return _replace(
        data,
        passage=passage + 1,
        end_passage=end_passage + 1,
        turn=turn,
        end_turn=end_turn,
        page=page,
        speaker=speaker,
        quote=quote or None,
        key=f"{data.key}-p{passage + 1}-{end_passage + 1}",
    )


def _replace(data: CitationData, **changes: Any) -> CitationData:
    return replace(data, **changes)


# ------------------------------------------------------------------------ helpers


def _human_date(data: CitationData) -> str | None:
    if data.date:
        parts = data.date.split("-")
        try:
            numbers = [int(p) for p in parts]
        except ValueError:
            return data.date_text or data.date
        if len(numbers) >= 3 and 1 <= numbers[1] <= 12:
            return f"{_MONTHS[numbers[1] - 1]} {numbers[2]}, {numbers[0]}"
        if len(numbers) == 2 and 1 <= numbers[1] <= 12:
            return f"{_MONTHS[numbers[1] - 1]} {numbers[0]}"
        return str(numbers[0])
    return data.date_text


def _date_parts(date: str | None) -> list[int] | None:
    if not date:
        return None
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date)
    if not match:
        return None
    return [int(g) for g in match.groups() if g]


def _inner_quotes(text: str) -> str:
    """Straight double quotes inside our straight quotation marks become single, so the
    quotation stays unambiguous; typographic quotes are kept as printed."""
    return text.replace('"', "'")


def _series_volume(data: CitationData) -> str | None:
    parts = [p for p in (data.collection, data.volume) if p]
    return ", ".join(parts) or None


def _join_names(names: Iterable[Name]) -> str:
    shown = [n.display for n in names]
    if len(shown) <= 2:
        return " and ".join(shown)
    return ", ".join(shown[:-1]) + ", and " + shown[-1]


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------------ Chicago


def chicago_note(data: CitationData, quote: bool = True) -> str:
    """A Chicago-style note, in the archive's own shape; with a passage, its pinpoint and
    (``quote=True``) the quoted words before the note, attributed to the speaker."""
    title = f'"{_inner_quotes(data.title)},"'
    date = _human_date(data)
    locator = data.locator
    parts: list[str] = []
    authors = _join_names(data.authors)
    if authors and data.family == "other" and authors not in data.title:
        # Wilson and FRUS sentences name no author; a diary's title already does.
        parts.append(authors + ",")
    parts.append(title)
    head: list[str] = []
    if date:
        head.append(date)
    if data.edition:
        series = _series_volume(data)
        pieces = [p for p in (f"in {series}" if series else None,) if p]
        if data.editors:
            abbreviation = "eds." if len(data.editors) > 1 else "ed."
            pieces.append(f"{abbreviation} {_join_names(data.editors)}")
        if data.number:
            pieces.append(f"Document {data.number}")
        if locator:
            pieces.append(locator)
        reference = ", ".join(p for p in (data.archive, data.archive_location) if p)
        if data.family == "dafp" and reference and pieces:
            # DAFP prints each document's archival reference: it follows the edition
            pieces[-1] += f" ({reference})"
        head.extend(pieces)
    else:
        if data.archive:
            head.append(data.archive)
        if data.archive_location:
            head.append(data.archive_location)
        if data.pages:
            head.append(data.pages)
        if locator:
            head.append(locator)
    if head:
        sentence = (" ".join(parts) + " " + ", ".join(head)).rstrip(",") + "."
    else:  # nothing follows the title: its period goes inside the quotation marks
        parts[-1] = f'"{_inner_quotes(data.title)}."'
        sentence = " ".join(parts)
    tail: list[str] = []
    if data.translators:
        tail.append(f"Translated by {_join_names(data.translators)}.")
    if data.url:
        tail.append(f"{data.url}.")
    note = " ".join([sentence, *tail])
    if quote and data.quote:
        who = f"{data.speaker}, in " if data.speaker else ""
        return _one_line(f'"{_inner_quotes(data.quote)}" — {who}{note}')
    return _one_line(note)


# ------------------------------------------------------------------------ CSL-JSON


def csl_json(data: CitationData) -> dict[str, Any]:
    """One CSL-JSON item (Zotero: Manuscript) for citeproc, pandoc and Zotero."""
    item: dict[str, Any] = {"id": data.key, "type": "manuscript", "title": data.title}
    parts = _date_parts(data.date)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    elif data.date_text:
        item["issued"] = {"literal": data.date_text}
    if data.authors:
        item["author"] = [n.csl() for n in data.authors]
    if data.translators:
        item["translator"] = [n.csl() for n in data.translators]
    if data.editors:
        item["editor"] = [n.csl() for n in data.editors]
    if data.genre:
        item["genre"] = data.genre
    if data.archive:
        item["archive"] = data.archive
    if data.archive_location:
        item["archive_location"] = data.archive_location
    if data.place:
        item["event-place"] = data.place
    if data.original_language:
        item["language"] = data.original_language
    if data.url:
        item["URL"] = data.url
    if data.edition:
        series = _series_volume(data)
        if series:
            item["container-title"] = series
        if data.collection:
            item["collection-title"] = data.collection
        if data.volume:
            item["volume"] = data.volume
        if data.number:
            item["number"] = data.number
    elif data.collection and data.collection != data.archive:
        item["collection-title"] = data.collection
    if data.pages:
        item["page"] = data.pages
    note = _note_text(data)
    if note:
        item["note"] = note
    return item


def _note_text(data: CitationData) -> str | None:
    """The passage (pinpoint, speaker, words) as a note: CSL items carry no locator."""
    lines: list[str] = []
    if data.locator:
        where = data.locator + (f" ({data.speaker})" if data.speaker else "")
        lines.append(f"Passage: {where}")
    if data.quote:
        lines.append(f'"{_inner_quotes(data.quote)}"')
    if data.edition and data.number and not data.locator:
        lines.append(f"Document {data.number}")
    return " ".join(lines) or None


# ------------------------------------------------------------------------ BibTeX

_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile(r"[\\{}&%$#_~^]")


def bibtex_escape(text: str) -> str:
    """Escape TeX specials; braces become \\textbrace* so the field's braces always
    balance (BibTeX counts ``\\{`` as a brace). Non-Latin letters stay UTF-8 (biblatex)."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES[m.group(0)], _one_line(text))


def _bib_names(names: Iterable[Name]) -> str:
    # biblatex: a literal (one-piece) name is protected by braces.
    return " and ".join(
        bibtex_escape(n.inverted) if not n.literal else "{" + bibtex_escape(n.literal) + "}"
        for n in names
    )


def bibtex(data: CitationData) -> str:
    """A biblatex entry (``@unpublished``; ``@misc`` for a printed FRUS document)."""
    fields: list[tuple[str, str]] = []
    fields.append(("title", bibtex_escape(data.title)))
    if data.authors:
        fields.append(("author", _bib_names(data.authors)))
    if data.translators:
        fields.append(("translator", _bib_names(data.translators)))
    if data.editors:
        fields.append(("editor", _bib_names(data.editors)))
    if data.date and _date_parts(data.date):
        fields.append(("date", bibtex_escape(data.date)))
    if data.year:
        fields.append(("year", data.year))
    elif data.date_text:
        fields.append(("year", bibtex_escape(data.date_text)))
    if data.genre:
        fields.append(("type", bibtex_escape(data.genre)))
    if data.edition:
        series = _series_volume(data)
        if series:
            fields.append(("howpublished", bibtex_escape(series)))
        if data.collection:
            fields.append(("series", bibtex_escape(data.collection)))
        if data.volume:
            fields.append(("volume", bibtex_escape(data.volume)))
        if data.number:
            fields.append(("number", bibtex_escape(data.number)))
    elif data.archive:
        fields.append(("howpublished", bibtex_escape(data.archive)))
    library = ", ".join(p for p in (data.archive, data.archive_location) if p)
    if library:
        fields.append(("library", bibtex_escape(library)))
    if data.archive_location:
        fields.append(("archive_location", bibtex_escape(data.archive_location)))
    if data.pages:
        fields.append(("pages", bibtex_escape(data.pages)))
    if data.original_language:
        fields.append(("origlanguage", bibtex_escape(data.original_language)))
    if data.url:
        fields.append(("url", _url_escape(data.url)))
    note = _note_text(data)
    if note:
        fields.append(("note", bibtex_escape(note)))
    entry_type = "misc" if data.edition else "unpublished"
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name:<{width}} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{data.key},\n{body}\n}}\n"


def _url_escape(url: str) -> str:
    """URLs are verbatim in biblatex; only braces and % could break the entry."""
    return url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C").replace(" ", "%20")


# ------------------------------------------------------------------------ RIS


def ris(data: CitationData) -> str:
    """An RIS record (``TY  - MANSCPT``) as Zotero, EndNote and Mendeley import it."""
    lines: list[tuple[str, str]] = [("TY", "MANSCPT"), ("TI", data.title)]
    lines += [("AU", n.inverted) for n in data.authors]
    lines += [("A3", n.inverted) for n in data.editors]
    lines += [("A4", n.inverted) for n in data.translators]
    parts = _date_parts(data.date)
    if parts:
        padded = [f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]]
        padded += [""] * (3 - len(padded))
        lines.append(("DA", "/".join(padded) + "/"))
    if data.year:
        lines.append(("PY", data.year))
    if data.genre:
        lines.append(("M3", data.genre))
    if data.edition:
        series = _series_volume(data)
        if series:
            lines.append(("T2", series))
        if data.volume:
            lines.append(("VL", data.volume))
        if data.number:
            lines.append(("M1", data.number))
    if data.archive:
        lines.append(("DB", data.archive))
    if data.archive_location:
        lines.append(("AN", data.archive_location))
    if data.pages:
        first, _, last = re.sub(r"\s*[-–]+\s*", "-", data.pages).partition("-")
        lines.append(("SP", first))
        if last:
            lines.append(("EP", last))
    if data.place:
        lines.append(("CY", data.place))
    if data.original_language:
        lines.append(("LA", data.original_language))
    if data.url:
        lines.append(("UR", data.url))
    note = _note_text(data)
    if note:
        lines.append(("N1", note))
    lines.append(("ID", data.key))
    out = [f"{tag}  - {_one_line(value)}" for tag, value in lines if _one_line(value)]
    out.append("ER  - ")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------ dispatch


def render(data: CitationData, fmt: str, quote: bool = True) -> str:
    """The citation as text in ``fmt`` (one of FORMATS): what the CLI prints and the app
    copies to the clipboard."""
    import json

    if fmt == "chicago":
        return chicago_note(data, quote=quote)
    if fmt == "csl-json":
        return json.dumps([csl_json(data)], ensure_ascii=False, indent=2)
    if fmt == "bibtex":
        return bibtex(data)
    if fmt == "ris":
        return ris(data)
    raise ValueError(f"unknown citation format {fmt!r} (choose from {', '.join(FORMATS)})")
