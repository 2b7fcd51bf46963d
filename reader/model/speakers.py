"""Who speaks: labelled turns, alias resolution, continuations and closing matter.

Shared by every text parser (Wilson, plain transcripts, DFAT, HTML pages), so the rules
are general rather than tuned to one document:

* a *label* is a short name-like phrase at the start of a paragraph followed by ":"
  ("Guevara:", "Ambassador Shen:", "P.M. Chou:", "DR. EVATT:", "K:"); header fields
  ("CC:", "Citation:", "SUBJECT:", "Present:") and list lines ("Name: 61: Chairman, ...")
  are never labels;
* labels are grouped into speakers by surname, so "Ambassador Shen" and "Shen" (or
  "Prime Minister Chou" and "P.M. Chou") are one speaker, named by the fullest form of
  the name the document gives ("Shen Jian" from its title);
* an unlabelled paragraph after a turn continues that speaker (attribution
  ``continuation``); a paragraph that is the tail of a sentence cut by a page break is
  joined back into the block it belongs to;
* closing matter (distribution lists, "Received on", "Printed by", signatures, a bare
  date at the end) is kind ``closing`` and has no speaker.

Slots are given in order of first appearance, which the view maps to theme colours.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from reader.model import apparatus
from reader.model.document import Block, Span, Speaker

__all__ = [
    "FIELD_NAMES",
    "TITLES",
    "LabelMatch",
    "SpeakerRegistry",
    "assemble",
    "fullest_name",
    "is_closing_marker",
    "is_page_break_tail",
    "is_stage_paragraph",
    "match_label",
    "split_paragraphs",
]

#: Honorifics, offices and ranks that may precede a name in a label or a title. Matched
#: case-insensitively, as whole words, with or without their full stops; longest first.
TITLES: tuple[str, ...] = tuple(
    sorted(
        {
            "ambassador",
            "chinese ambassador",
            "soviet ambassador",
            "american ambassador",
            "prime minister",
            "p.m.",
            "pm",
            "premier",
            "vice premier",
            "president",
            "vice president",
            "vice-president",
            "secretary",
            "secretary of state",
            "secretary of defense",
            "secretary general",
            "secretary-general",
            "under secretary",
            "undersecretary",
            "assistant secretary",
            "deputy secretary",
            "minister",
            "foreign minister",
            "deputy foreign minister",
            "vice minister",
            "deputy minister",
            "first deputy",
            "deputy",
            "chairman",
            "vice chairman",
            "general secretary",
            "first secretary",
            "chancellor",
            "counselor",
            "counsellor",
            "consul",
            "consul general",
            "envoy",
            "general",
            "gen.",
            "admiral",
            "adm.",
            "marshal",
            "marshall",
            "colonel",
            "col.",
            "lieutenant",
            "lt.",
            "major",
            "maj.",
            "captain",
            "capt.",
            "commander",
            "cdr.",
            "senator",
            "sen.",
            "governor",
            "gov.",
            "congressman",
            "representative",
            "rep.",
            "mr.",
            "mr",
            "mrs.",
            "mrs",
            "ms.",
            "ms",
            "miss",
            "mme.",
            "mme",
            "madame",
            "dr.",
            "dr",
            "doctor",
            "prof.",
            "professor",
            "sir",
            "dame",
            "lord",
            "lady",
            "comrade",
            "king",
            "queen",
            "prince",
            "princess",
            "emperor",
            "shah",
            "sheikh",
            "his majesty",
            "her majesty",
            "his excellency",
            "h.e.",
            "monsieur",
            "m.",
            "herr",
            "señor",
            "senor",
            "sr.",
            "father",
            "rev.",
            "reverend",
            "mayor",
            "the",
        },
        key=lambda t: (-len(t.split()), -len(t)),
    )
)

#: Header fields, furniture and list headings that look like "Name:" but never speak.
FIELD_NAMES: frozenset[str] = frozenset(
    {
        "cc",
        "bcc",
        "citation",
        "summary",
        "credits",
        "original language",
        "contents",
        "subject",
        "subj",
        "subchect",
        "sub",
        "from",
        "to",
        "date",
        "time",
        "place",
        "location",
        "participants",
        "participant",
        "present",
        "also present",
        "attendees",
        "source",
        "sources",
        "note",
        "notes",
        "attachment",
        "attachments",
        "enclosure",
        "enclosures",
        "distribution",
        "drafted by",
        "drafted",
        "cleared",
        "approved",
        "approved by",
        "reference",
        "references",
        "ref",
        "refs",
        "classification",
        "tags",
        "topic",
        "topics",
        "title",
        "keywords",
        "keyword",
        "translation",
        "translated by",
        "translator",
        "document",
        "documents",
        "copy",
        "copies",
        "received",
        "sent",
        "file",
        "memorandum for",
        "memo",
        "re",
        "regarding",
        "action",
        "info",
        "priority",
        "origin",
        "series",
        "box",
        "folder",
        "collection",
        "archive",
        "repository",
        "language",
        "format",
        "pages",
        "page",
        "scan",
        "download",
        "url",
        # archives' sigla before a reference ("NLA: Menzies Papers, MS4936",
        # "NAA: A1838, 3004/11", "CAC: Duncan Sandys Papers"): citations, not speakers
        "naa",
        "aa",
        "nla",
        "ukna",
        "tna",
        "pro",
        "cac",
        "nara",
        "awm",
        "lac",
        "link",
        "status",
        "declassified",
        "authority",
        "ps",
        "p.s",
        "nb",
        "n.b",
        "stamp",
        "secret",
        "top secret",
        "confidential",
        "eyes only",
        "urgent",
        "immediate",
        "routine",
        "classified",
        "unclassified",
        "record",
        "agenda",
        "item",
        "items",
        "appendix",
        "annex",
        "addendum",
        "comment",
        "comments",
        "minutes",
        "transcript",
        "excerpt",
        "excerpts",
        "editor's note",
        "editorial note",
        "translator's note",
        "author",
        "authors",
        "description",
        "type",
        "volume",
        "chapter",
        "part",
        "section",
        "number",
        "no",
        "tel",
        "telegram",
        "cable",
        "phone",
        "fax",
        "email",
        "address",
        "to be filed",
        "filed",
        "signed",
        "signature",
        "witness",
        "see",
        "cf",
        "ibid",
        "total",
        "result",
        "results",
        "question",
        "answer",
        "conclusion",
        "conclusions",
        "decision",
        "decisions",
        "purpose",
        "background",
        "objective",
        "objectives",
        "recommendation",
        "recommendations",
        "issue",
        "issues",
        "problem",
        "summary of conversation",
        "memorandum of conversation",
        "conversation",
        "meeting",
        "place and date",
        "date and place",
        "time and place",
        "original",
        "english",
        "chinese",
        "russian",
    }
)

#: Words that may stand lower-case inside a name ("Charles de Gaulle", "Ludwig van
#: Beethoven"); anything else lower-case means this is prose, not a label.
_PARTICLES = frozenset(
    {
        "de",
        "da",
        "di",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "la",
        "le",
        "du",
        "bin",
        "ibn",
        "al",
        "el",
        "y",
        "dos",
        "das",
        "ter",
        "of",
        "and",
    }
)

_LABEL = re.compile(
    r"(?P<label>[^\W\d_][^\n:]{0,60}?)\s*:[ \t\u00a0]+(?P<body>\S.*)",
    re.DOTALL,
)
#: "Name: 61: Chairman, ..." is a list of people, not a turn.
_LIST_BODY = re.compile(r"\d[\d.,]*\s*:")
_NAME_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-])*\.?|[A-Z]\.(?:[A-Z]\.)*")


@lru_cache(maxsize=65536)
def _norm(word: str) -> str:
    """Case-folded, accent-free, full-stop-free form used to compare names."""
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold().replace(".", "").replace("’", "'").strip("'")


def _title_index() -> dict[str, list[tuple[str, ...]]]:
    """First word of each title -> the titles' normal forms, longest first ("P.M." is
    one printed word whose normal form is "pm")."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for title in TITLES:
        parts = tuple(_norm(word) for word in title.split())
        index.setdefault(parts[0], []).append(parts)
    for forms in index.values():
        forms.sort(key=len, reverse=True)
    return index


_TITLE_INDEX = _title_index()


def _tokens(label: str) -> list[str]:
    # "DR.EVATT" and "P.M.Chou" are glued forms of "DR. EVATT" and "P.M. Chou".
    spaced = re.sub(r"\.(?=[^\W\d_]{2,})", ". ", label)
    return spaced.split()


def _strip_titles(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split leading honorifics and offices ("Prime Minister", "P.M.", "Dr.") off."""
    normed = [_norm(t) for t in tokens]
    i = 0
    while i < len(tokens):
        for parts in _TITLE_INDEX.get(normed[i], ()):
            if tuple(normed[i : i + len(parts)]) == parts:
                i += len(parts)
                break
        else:
            break
    return tokens[:i], tokens[i:]


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """A speaker label found at the start of a paragraph."""

    #: the label exactly as printed, without its colon ("Ambassador Shen")
    label: str
    #: the paragraph after the label and its colon
    body: str
    #: leading honorifics/offices as printed ("Ambassador", "P.M."), or ""
    title: str
    #: the name words as printed ("Shen", "Chou", "K", "EVATT")
    name: str

    @property
    def name_keys(self) -> tuple[str, ...]:
        return tuple(_norm(t) for t in self.name.split())

    @property
    def key(self) -> str:
        """What aliases are grouped by: the surname, or the title for "The President"."""
        keys = self.name_keys
        if keys:
            return keys[-1]
        return _norm(self.title)


def _is_name_token(token: str) -> bool:
    if not _NAME_TOKEN.fullmatch(token):
        return False
    if token[0].isupper():
        return True
    return token.lower() in _PARTICLES


#: "Part IV:", "ANNEX B ...:", "Section 3:" number parts of a text; they never speak.
_DIVISIONS = frozenset(
    {
        "part",
        "annex",
        "appendix",
        "chapter",
        "section",
        "item",
        "article",
        "paragraph",
        "schedule",
        "attachment",
        "enclosure",
        "table",
        "figure",
        "tab",
        "exhibit",
        "volume",
    }
)
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")


def _is_title_line(body: str) -> bool:
    """ "Australia: Review of Woomera Joint Project Arrangements; 1962" is a title with a
    subtitle, not a turn: no sentence punctuation and mostly capitalised words."""
    if len(body) > 160 or re.search(r"[.?!…]", body):
        return False
    words = [w for w in _WORD.findall(body) if len(w) >= 4]
    if not words:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised * 2 >= len(words)


def match_label(paragraph: str, *, max_words: int = 6) -> LabelMatch | None:
    """The speaker label that opens ``paragraph``, or None.

    A label is up to ``max_words`` name-like words (capitalised words, initials,
    honorifics) and a colon followed by text. Header fields and list lines are refused.
    """
    match = _LABEL.match(paragraph)
    if match is None:
        return None
    label = match.group("label").strip()
    body = match.group("body")
    if _norm(label) in FIELD_NAMES or _norm(label.rstrip(".")) in FIELD_NAMES:
        return None
    if _LIST_BODY.match(body) or _is_title_line(body):
        return None
    tokens = _tokens(label)
    if not tokens or len(tokens) > max_words + 2 or _norm(tokens[0]) in _DIVISIONS:
        return None
    titles, names = _strip_titles(tokens)
    if len(names) > max_words:
        return None
    if not all(_is_name_token(t) for t in names):
        return None
    if names and not names[-1][0].isupper():
        return None
    if not names:
        # "The President:", "The Secretary:", "Ambassador:" name an office, not a
        # person; accept them only with their article ("The ...") or as one title.
        if not titles or (len(titles) == 1 and _norm(titles[0]) == "the"):
            return None
    elif titles and _norm(titles[-1]) == "the" and len(names) > 2:
        return None
    return LabelMatch(label=label, body=body, title=" ".join(titles), name=" ".join(names))


# --- names -------------------------------------------------------------------------

_QUOTED_NICK = r"(?:['‘\"“][^\W\d_][\w\-]*['’\"”])"
_NAME_WORD = rf"(?:[A-Z][\w’'\-]*\.?|{_QUOTED_NICK}|(?:de|da|van|von|del|la|le|bin|al)\b)"


def fullest_name(
    names: Sequence[str], texts: Iterable[str]
) -> tuple[str | None, list[str], str | None]:
    """The fullest form of a person's name in ``texts``, other forms, and a role.

    ``names`` are the name words of a label ("Shen" or "Shen Jian"). Every occurrence of
    the surname is widened over neighbouring name words (capitalised words, initials,
    quoted nicknames such as 'Che'), stopping at honorifics, so "Chinese Ambassador Shen
    Jian, Havana" gives "Shen Jian" with the role "Chinese Ambassador". The first text
    wins ties: parsers pass the title and citation first, because the archive's
    catalogue form is the one historians cite and search by.
    """
    words = [n for n in names if n]
    # An initial ("K", "JC") cannot be looked up: any capital letter would match it.
    if not words or max(len(w.strip(".")) for w in words) < 2:
        return None, [], None
    anchor = max(words, key=len) if len(words) == 1 else words[-1]
    forms: list[str] = []
    role: str | None = None
    pattern = re.compile(
        rf"((?:{_NAME_WORD}\s+){{0,4}})({re.escape(anchor)})((?:\s+{_NAME_WORD}){{0,3}})",
        re.IGNORECASE if anchor.isupper() else 0,
    )
    text_list = list(texts)  # read twice: names, then a listed role
    for text in text_list:
        flat = " ".join(text.split())
        for found in pattern.finditer(flat):
            if not found.group(2)[:1].isupper():
                continue
            before = found.group(1).split()
            after = found.group(3).split()
            # stop at honorifics on the left, keeping them as the role
            titles_left: list[str] = []
            while before:
                head, rest = _strip_titles(before)
                if head:
                    titles_left = head
                    before = rest
                    continue
                # a word left of a title (nationality: "Chinese") belongs to the role
                break
            kept_left: list[str] = []
            for word in reversed(before):
                if _strip_titles([word])[0] or not _is_name_word(word):
                    break
                kept_left.insert(0, word)
            if titles_left and not kept_left:
                # The office before the name is the role ("Chinese Ambassador"), with one
                # capitalised word before it; bare honorifics ("Dr.") are not roles.
                words = [w for w in titles_left if _norm(w) not in _HONORIFICS]
                if words and role is None:
                    prefix = flat[: found.start()].split()
                    if (
                        prefix
                        and prefix[-1][:1].isupper()
                        and _norm(prefix[-1]) not in _NOT_NAMES
                        and not _strip_titles([prefix[-1]])[0]
                    ):
                        words.insert(0, prefix[-1])
                    role = " ".join(words)
            kept_right: list[str] = []
            for word in after:
                clean = word.rstrip(",.;:")
                if _strip_titles([clean])[0] or not _is_name_word(clean) or clean != word:
                    if clean != word and _is_name_word(clean) and not _strip_titles([clean])[0]:
                        kept_right.append(clean)
                    break
                kept_right.append(word)
            form = " ".join([*kept_left, found.group(2), *kept_right]).strip(" ,")
            if form and form not in forms:
                forms.append(form)
    if not forms:
        return None, [], role
    best = max(forms, key=lambda f: (len(f.split()), -forms.index(f)))
    others = [f for f in forms if f != best]
    if role is None:
        role = _listed_role(best, text_list)
    return best, others, role


_LIST_ITEM = re.compile(r"^\s*[•▪◦‣*\-–]?\s*(?P<item>.+?)\s*$")


def _listed_role(name: str, texts: Sequence[str]) -> str | None:
    """A participants list gives the office after the name: "• Dr. Henry A. Kissinger,
    Secretary of State and Assistant to the President ..." """
    for text in texts:
        for line in text.split("\n"):
            item = _LIST_ITEM.match(line)
            if item is None:
                continue
            head, sep, rest = item.group("item").partition(",")
            if sep and head.split()[-len(name.split()) :] == name.split() and len(head) < 80:
                return rest.strip().rstrip(".;") or None
    return None


#: Forms of address that say nothing about office.
_HONORIFICS = frozenset(
    {
        "the",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "doctor",
        "sir",
        "dame",
        "lord",
        "lady",
        "mme",
        "madame",
        "monsieur",
        "m",
        "herr",
        "senor",
        "señor",
        "sr",
        "comrade",
        "his excellency",
        "he",
        "prof",
        "professor",
        "rev",
        "reverend",
        "father",
    }
)

#: Capitalised words that open sentences, not names ("In Guevara's words").
_NOT_NAMES = frozenset(
    {
        "in",
        "the",
        "then",
        "as",
        "at",
        "when",
        "if",
        "i",
        "we",
        "he",
        "she",
        "they",
        "it",
        "this",
        "that",
        "but",
        "and",
        "so",
        "after",
        "before",
        "on",
        "of",
        "for",
        "to",
        "with",
        "from",
        "by",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "its",
        "here",
        "there",
        "yes",
        "no",
        "mr",
        "comrade",
        "what",
        "why",
        "how",
        "who",
        "where",
        "memorandum",
        "record",
        "conversation",
        "diary",
        "minutes",
        "meeting",
        "letter",
        "telegram",
        "report",
        "between",
    }
)


def _is_name_word(word: str) -> bool:
    if re.fullmatch(r"[A-Z]\.", word):
        return True  # an initial: "Leonid I. Brezhnev"
    return bool(re.fullmatch(_NAME_WORD, word)) and _norm(word) not in _NOT_NAMES


def slug(text: str) -> str:
    base = _norm(text)
    return re.sub(r"[^a-z0-9]+", "-", base).strip("-") or "speaker"


@dataclass
class _Entry:
    id: str
    keys: set[str]
    labels: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    given: set[str] = field(default_factory=set)
    role: str | None = None
    display: str | None = None
    aliases: list[str] = field(default_factory=list)


#: Speakers whose full names are looked up in the document's metadata.
_MAX_LOOKUPS = 100


class SpeakerRegistry:
    """Groups label variants into speakers and names them.

    ``known_texts`` are the places the document names people in full (title, citation,
    summary, participants), in order of authority.
    """

    def __init__(self, known_texts: Sequence[str] = ()) -> None:
        self._known = [t for t in known_texts if t]
        self._entries: list[_Entry] = []
        # name key -> entries holding it, so resolving stays linear in odd inputs with
        # thousands of distinct labels
        self._by_key: dict[str, list[_Entry]] = {}
        self._ids: set[str] = set()

    def _index(self, entry: _Entry, key: str) -> None:
        if key not in entry.keys:
            entry.keys.add(key)
        holders = self._by_key.setdefault(key, [])
        if entry not in holders:
            holders.append(entry)

    def _find(self, match: LabelMatch) -> _Entry | None:
        keys = match.name_keys or (match.key,)
        given = set(keys[:-1])
        for entry in self._by_key.get(match.key, ()):
            # "John Smith" and "Mary Smith" share a surname but are two people.
            if given and entry.given and not (given & entry.given):
                continue
            return entry
        # "Shen Jian" after "Shen": a surname printed first (Chinese, Korean names)
        for key in keys[:-1]:
            for entry in self._by_key.get(key, ()):
                return entry
        return None

    def resolve(self, match: LabelMatch) -> str:
        """The speaker id for this label, registering the label variant."""
        entry = self._find(match)
        if entry is None:
            base = slug(match.name.split()[-1] if match.name else match.title)
            speaker_id, n = base, 2
            while speaker_id in self._ids:
                speaker_id, n = f"{base}-{n}", n + 1
            entry = _Entry(id=speaker_id, keys=set())
            self._entries.append(entry)
            self._ids.add(speaker_id)
            self._index(entry, match.key)
        keys = match.name_keys
        if keys:
            self._index(entry, keys[-1])
            entry.given.update(keys[:-1])
        if match.label not in entry.labels:
            entry.labels.append(match.label)
        if match.name and match.name not in entry.names:
            entry.names.append(match.name)
        if match.title and match.title not in entry.titles:
            entry.titles.append(match.title)
        return entry.id

    def add(
        self, speaker_id: str, name: str, aliases: Sequence[str] = (), role: str | None = None
    ) -> str:
        """Register a speaker known by name only (reported speech in a narrative)."""
        if speaker_id in self._ids:
            return speaker_id
        entry = _Entry(id=speaker_id, keys=set())
        entry.display = name
        entry.aliases = [a for a in aliases if a != name]
        entry.role = role
        self._entries.append(entry)
        self._ids.add(speaker_id)
        if name:
            self._index(entry, _norm(name.split()[-1]))
        return entry.id

    def speakers(self, order: Sequence[str] = ()) -> tuple[Speaker, ...]:
        """The speakers, slotted by ``order`` (ids in order of first appearance)."""
        rank = {sid: i for i, sid in enumerate(dict.fromkeys(order))}
        position = {e.id: i for i, e in enumerate(self._entries)}
        entries = sorted(
            self._entries,
            key=lambda e: (rank.get(e.id, len(rank)), position[e.id]),
        )
        result = []
        for slot, entry in enumerate(entries):
            if entry.display is not None:
                name, aliases, role = entry.display, list(entry.aliases), entry.role
            elif slot >= _MAX_LOOKUPS:
                # Hundreds of "speakers" is a list, not a dialogue: skip the look-up.
                name, aliases, role = max(entry.names or [entry.id], key=len), [], None
            else:
                name, aliases, role = self._name_of(entry)
            labels = tuple(entry.labels)
            aliases = [a for a in aliases if a != name and a not in labels]
            result.append(
                Speaker(
                    id=entry.id,
                    name=name,
                    labels=labels,
                    slot=slot,
                    aliases=tuple(dict.fromkeys(aliases)),
                    role=role,
                )
            )
        return tuple(result)

    def _name_of(self, entry: _Entry) -> tuple[str, list[str], str | None]:
        longest = max(entry.names, key=lambda n: len(n.split()), default="")
        words = longest.split()
        best, others, role = fullest_name(words, self._known) if words else (None, [], None)
        if best is None or len(best.split()) < len(words):
            # Not named in the metadata: the fullest label is the best we have.
            base = longest or (entry.titles[0] if entry.titles else entry.id)
            if base.isupper() and len(base) > 3:
                base = " ".join(w.capitalize() for w in base.split())
            best, others = base, others
        if role is None and entry.titles:
            plain = [t for t in entry.titles if _norm(t) not in _HONORIFICS]
            role = plain[0] if plain else None
        return best, others, role


# --- paragraphs ----------------------------------------------------------------------

_BLANK = re.compile(r"\n[ \t\u00a0]*\n")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines; lines inside one are joined with a space."""
    paragraphs = []
    for chunk in _BLANK.split(text):
        lines = [line.strip() for line in chunk.split("\n")]
        joined = " ".join(line for line in lines if line)
        if joined:
            paragraphs.append(joined)
    return paragraphs


_STAGE_PARA = re.compile(r"\((?:[^()]|\([^()]*\))*\)")
_SENTENCE_END = re.compile(r"[.?!:;\"”’')\]…]$")
_TAIL_START = re.compile(r"(?:\[[^\]\n]{1,60}\]\s*)?[a-z]")
_CLOSING_STRICT = re.compile(
    r"(?:CC|Bcc|BCC|Distribution|Copies to|Received on|Copied on|Printed by|Typed by|"
    r"Filed on|Drafted by)\b[ :]",
)
_DATE_LINE = re.compile(
    r"(?:\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\.?"
)


def is_stage_paragraph(paragraph: str) -> bool:
    """A paragraph that is one parenthetical: "(After the meal)"."""
    return bool(_STAGE_PARA.fullmatch(paragraph.strip()))


def is_page_break_tail(previous: str, paragraph: str) -> bool:
    """Is ``paragraph`` the rest of a sentence a page break cut off after ``previous``?

    Both sides must agree: the previous text stops without sentence-final punctuation
    ("We proposed that some") and this one starts in lower case, possibly after a
    bracketed insertion ("[socialist] camp would ...").
    """
    previous = previous.rstrip()
    # only the last character can match: search from there, not along the paragraph
    if not previous or _SENTENCE_END.search(previous, len(previous) - 1):
        return False
    return bool(_TAIL_START.match(paragraph))


def is_closing_marker(paragraph: str) -> bool:
    """Distribution lists and filing notes that close a record ("CC: ...", "Received on")."""
    return bool(_CLOSING_STRICT.match(paragraph))


def is_date_line(paragraph: str) -> bool:
    return bool(_DATE_LINE.fullmatch(paragraph.strip()))


SpanFinder = Callable[[str], Sequence[Span]]


def _default_spans(text: str) -> tuple[Span, ...]:
    return tuple(apparatus.find_spans(text))


@dataclass
class _Draft:
    kind: str
    text: str
    speaker: str | None = None
    label: str | None = None
    attribution: str | None = None


def assemble(
    paragraphs: Sequence[str],
    *,
    known_texts: Sequence[str] = (),
    find_spans: SpanFinder | None = None,
    headings: int = 0,
    closing_from: int | None = None,
) -> tuple[tuple[Block, ...], tuple[Speaker, ...]]:
    """Turn body paragraphs into blocks and speakers with the rules of this module.

    ``headings``: how many leading paragraphs the caller knows to be headings.
    ``closing_from``: index where the caller knows closing matter starts (else found).
    """
    spans_of = find_spans or _default_spans
    registry = SpeakerRegistry(known_texts)
    drafts: list[_Draft] = []
    current: str | None = None  # speaker of the running turn, for continuations
    closing_start = closing_from if closing_from is not None else _find_closing(paragraphs)
    for index, paragraph in enumerate(paragraphs):
        if index < headings:
            drafts.append(_Draft("heading", paragraph))
            current = None
            continue
        if index >= closing_start:
            drafts.append(_Draft("closing", paragraph))
            current = None
            continue
        label = match_label(paragraph)
        if label is not None:
            speaker = registry.resolve(label)
            drafts.append(_Draft("turn", label.body, speaker, label.label, "label"))
            current = speaker
            continue
        previous = drafts[-1] if drafts else None
        if (
            previous is not None
            and previous.kind in {"turn", "paragraph"}
            and is_page_break_tail(previous.text, paragraph)
        ):
            previous.text = f"{previous.text.rstrip()} {paragraph.lstrip()}"
            continue
        if is_stage_paragraph(paragraph):
            drafts.append(_Draft("stage", paragraph))
            # A stage direction between speeches ("(After the meal)") ends the running
            # turn: an unlabelled paragraph after it is not safely the same speaker.
            current = None
            continue
        if current is not None and not paragraph.startswith("["):
            drafts.append(_Draft("paragraph", paragraph, current, None, "continuation"))
            continue
        drafts.append(_Draft("paragraph", paragraph))
    order = [d.speaker for d in drafts if d.speaker]
    speakers = registry.speakers(order)
    blocks = tuple(_finish(d, spans_of) for d in drafts)
    return blocks, speakers


def _finish(draft: _Draft, spans_of: SpanFinder) -> Block:
    spans = tuple(spans_of(draft.text))
    if draft.kind == "stage" and not any(
        s.kind == "stage" and s.start == 0 and s.end == len(draft.text) for s in spans
    ):
        spans = (Span("stage", 0, len(draft.text)), *spans)
    spans = tuple(sorted(spans, key=lambda s: (s.start, -s.end, s.kind)))
    return Block(
        kind=draft.kind,
        text=draft.text,
        speaker=draft.speaker,
        label=draft.label,
        attribution=draft.attribution,
        spans=spans,
    )


def _find_closing(paragraphs: Sequence[str]) -> int:
    """Where closing matter starts: the first distribution/filing marker after the last
    labelled turn, or a bare date as the last paragraph."""
    last_turn = -1
    for index, paragraph in enumerate(paragraphs):
        if match_label(paragraph) is not None:
            last_turn = index
    for index in range(last_turn + 1, len(paragraphs)):
        if is_closing_marker(paragraphs[index]):
            return index
    if paragraphs and last_turn < len(paragraphs) - 1 and is_date_line(paragraphs[-1]):
        return len(paragraphs) - 1
    return len(paragraphs)


def with_speaker(block: Block, speaker: str | None, attribution: str | None) -> Block:
    return replace(block, speaker=speaker, attribution=attribution)
