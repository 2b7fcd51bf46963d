"""The library search language: parse what a reader types, compile it to safe SQL.

Pure: no database here. ``parse_query`` turns text into a ``Query``; ``Query.compile``
turns that into an FTS5 MATCH expression in which EVERY user term is a quoted FTS5
string (so ``"``, ``*``, ``(``, ``NEAR``, ``AND``, ``-``, ``:`` and ``^`` typed by the user
are only ever words, never syntax) plus SQL WHERE filters with parameters. Nothing the
user types is ever pasted into SQL.

Date filters use inclusive, overlapping semantics: a document dated ``1962-10`` (the
whole month) matches ``after:1962-10-15`` and ``before:1962-10-01`` because part of its
period lies on the right side; ``before:1963`` includes all of 1963 and ``after:1962-10``
includes all of October 1962. Documents without a date never match a date filter.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reader.model.variants import variants

__all__ = [
    "KINDS",
    "QUERY_HELP",
    "CompiledQuery",
    "Query",
    "QueryError",
    "Term",
    "date_range",
    "parse_query",
]

#: Passage kinds a ``kind:`` filter accepts: the block kinds plus notes.
KINDS = ("turn", "paragraph", "stage", "heading", "list", "closing", "table", "note")

QUERY_HELP = """\
Search passages (turns, paragraphs, notes) across the library.

  missiles soviet        all words must match (plurals and accents are ignored:
                         missile finds missiles, communique finds communiqué)
  zhou enlai             names as the records also spell them: Chou En-lai,
                         Peking for beijing, Khrushchov (Wade-Giles, pinyin and
                         other romanizations of well-known names)
  "soviet union"         an exact phrase
  revolution*            words starting with "revolution"
  -nuclear               passages without the word
  speaker:guevara        passages spoken by Guevara (any of his names or labels;
                         speaker:"shen jian" for a full name; several = either)
  after:1962-10          documents dated October 1962 or later (inclusive)
  before:1963            documents dated in 1963 or earlier (inclusive)
  kind:turn              turn, paragraph, stage, heading, list, closing, table or note
  doc:havana             documents whose title or file name has the word
  lang:chinese           documents translated from Chinese (or a code: lang:zh)

Filters alone list every matching passage: speaker:shen after:1962-11.
Results are ranked by relevance; switch to date order to read them in sequence.
In the reader, results follow your typing: the word being typed also finds longer
words (miss finds missiles, mission) until you type a space after it.
"""


class QueryError(ValueError):
    """A query that cannot be run. ``str(error)`` is a one-line user message."""


@dataclass(frozen=True, slots=True)
class Term:
    """One thing to look for in the passage text."""

    text: str
    #: a quoted phrase (several words in order) rather than a single word
    phrase: bool = False
    #: ``word*``: any word that starts with ``text``
    prefix: bool = False
    #: ``-word``: passages that do NOT contain it
    negated: bool = False

    def fts(self) -> str:
        """The FTS5 string for this term: always quoted, never syntax."""
        quoted = '"' + self.text.replace('"', '""') + '"'
        return quoted + "*" if self.prefix else quoted

    def spellings(self) -> tuple[Term, ...]:
        """The term as other records spell the name it is or holds (Wade-Giles and
        pinyin, transliterations: ``reader.model.variants``), each looked for the
        same way (a prefix stays a prefix); () for a word that names nothing there."""
        return tuple(
            Term(text, phrase=" " in text, prefix=self.prefix, negated=self.negated)
            for text in variants(self.text)
        )

    def fts_any(self, exact: Sequence[str] | None = None) -> str:
        """The FTS5 expression for this term or any of its ``spellings``; ``exact``
        (index terms) replaces a prefix term's own string."""
        own = [Term(e).fts() for e in exact] if exact else [self.fts()]
        alternatives = own + [t.fts() for t in self.spellings()]
        return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """What the index runs: ``match`` (or None for filter-only queries), WHERE clauses
    over the ``passages`` (p) and ``docs`` (d) tables, and their parameters."""

    match: str | None
    where: tuple[str, ...]
    params: tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    terms: tuple[Term, ...] = ()
    speakers: tuple[Term, ...] = ()
    after: str | None = None
    before: str | None = None
    kinds: tuple[str, ...] = ()
    docs: tuple[Term, ...] = ()
    langs: tuple[str, ...] = ()
    #: filter names the user typed more than once, or other harmless oddities
    notes: tuple[str, ...] = field(default=())

    @property
    def positive(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.negated)

    @property
    def negative(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.negated)

    @property
    def has_filters(self) -> bool:
        return bool(
            self.speakers or self.after or self.before or self.kinds or self.docs or self.langs
        )

    def words(self) -> tuple[str, ...]:
        """The positive words and phrases, for highlighting in an opened document."""
        return tuple(t.text for t in self.positive)

    def compile(self, expand: Mapping[Term, Sequence[str]] | None = None) -> CompiledQuery:
        """The MATCH expression and WHERE filters. ``expand`` replaces prefix terms by
        an OR of exact index terms (FTS5 iterates an OR lazily, whereas a prefix builds
        the merged list of every matching term first); the index terms are quoted like
        any user word."""
        parts: list[str] = []
        if self.positive:
            words = [t.fts_any(expand.get(t) if expand else None) for t in self.positive]
            parts.append("{text speaker} : (" + " AND ".join(words) + ")")
        if self.speakers:
            parts.append("speaker : (" + " OR ".join(_speaker_fts(t) for t in self.speakers) + ")")
        where: list[str] = []
        params: list[object] = []
        negative = " OR ".join(t.fts_any() for t in self.negative)
        match: str | None = None
        if parts:
            match = " AND ".join(parts)
            if negative:
                match = f"({match}) NOT {{text speaker}} : ({negative})"
        elif negative:
            # FTS5's NOT needs something on its left: exclude by rowid instead.
            where.append(
                "p.rowid NOT IN (SELECT rowid FROM passages WHERE passages MATCH ?)"
            )
            params.append("{text speaker} : (" + negative + ")")
        if self.after:
            where.append("d.date_end >= ?")
            params.append(date_range(self.after)[0])
        if self.before:
            where.append("d.date_start <= ?")
            params.append(date_range(self.before)[1])
        if self.kinds:
            where.append("p.kind IN (" + ",".join("?" * len(self.kinds)) + ")")
            params.extend(self.kinds)
        if self.docs:
            where.append("d.id IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)")
            params.append(" AND ".join(t.fts_any() for t in self.docs))
        if self.langs:
            # a word of the language's name that starts with what was typed ("chin",
            # "Chinese"), or the language an ISO 639 code names ("zh"): never a piece
            # inside a word ("an" is not Russian, "ar" not Bulgarian)
            names = [_language(lang) for lang in self.langs]
            like = f"{_LANG_WORDS} LIKE ? ESCAPE '\\'"
            where.append("(" + " OR ".join(like for _ in names) + ")")
            params.extend("% " + _like_escape(name) + "%" for name in names)
        return CompiledQuery(match, tuple(where), tuple(params))


def _speaker_fts(term: Term) -> str:
    """``speaker:NAME`` as FTS5: every word of the name (or of another spelling of it)
    among the speaker's names, in any order, so "henry kissinger" finds "Henry A.
    Kissinger" and "ambassador shen" finds "Shen Jian" labelled "Ambassador Shen". A
    word is a prefix ("guev"), except one of one or two letters: a label such as "D"
    or "K" is not the start of "Dr." or of every name with a K."""
    alternatives: list[str] = []
    for text in (term.text, *variants(term.text)):
        words = [Term(w, prefix=len(w) > 2).fts() for w in _WORD_SPLIT.split(text) if w]
        if words:
            alternatives.append(words[0] if len(words) == 1 else "(" + " AND ".join(words) + ")")
    return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"


_WORD_SPLIT = re.compile(r"[^\w]+|_")
_FILTERS = ("speaker", "after", "before", "kind", "doc", "lang")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def date_range(text: str) -> tuple[str, str]:
    """``1962`` -> (1962-01-01, 1962-12-31); ``1962-10`` -> the month; a full date -> itself.

    Raises QueryError for anything that is not a real partial ISO date."""
    found = _DATE.fullmatch(text.strip())
    if not found:
        raise QueryError(f"not a date: {text!r} (use 1962, 1962-10 or 1962-10-27)")
    year = int(found.group(1))
    month_text, day_text = found.group(2), found.group(3)
    if month_text is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    month = int(month_text)
    if not 1 <= month <= 12:
        raise QueryError(f"not a date: {text!r} (month {month} does not exist)")
    last = calendar.monthrange(year, month)[1]
    if day_text is None:
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    day = int(day_text)
    if not 1 <= day <= last:
        raise QueryError(f"not a date: {text!r} (day {day} does not exist)")
    day_iso = f"{year:04d}-{month:02d}-{day:02d}"
    return day_iso, day_iso


#: The document's language as words, each after a space (SQL over ``d.lang``).
_LANG_WORDS = (
    "(' ' || lower(replace(replace(replace(replace(d.lang, ',', ' '), ';', ' '), '/', ' '), "
    "'-', ' ')))"
)
#: ISO 639-1 and -2 codes of languages archival records are translated from.
LANGUAGE_CODES = {
    code: name
    for name, codes in {
        "albanian": "sq alb sqi", "arabic": "ar ara", "armenian": "hy arm hye",
        "bulgarian": "bg bul", "burmese": "my bur mya", "chinese": "zh chi zho",
        "croatian": "hr hrv", "czech": "cs cze ces", "danish": "da dan",
        "dutch": "nl dut nld", "english": "en eng", "finnish": "fi fin",
        "french": "fr fre fra", "georgian": "ka geo kat", "german": "de ger deu",
        "greek": "el gre ell", "hebrew": "he heb", "hindi": "hi hin",
        "hungarian": "hu hun", "indonesian": "id ind", "italian": "it ita",
        "japanese": "ja jpn", "khmer": "km khm", "korean": "ko kor", "lao": "lo lao",
        "malay": "ms may msa", "mongolian": "mn mon", "norwegian": "no nor",
        "persian": "fa per fas", "polish": "pl pol", "portuguese": "pt por",
        "romanian": "ro rum ron", "russian": "ru rus", "serbian": "sr srp",
        "slovak": "sk slo slk", "spanish": "es spa", "swedish": "sv swe",
        "thai": "th tha", "turkish": "tr tur", "ukrainian": "uk ukr", "urdu": "ur urd",
        "vietnamese": "vi vie",
    }.items()
    for code in codes.split()
}


def _language(typed: str) -> str:
    """The start of a language's name that ``lang:`` looks for: what was typed, or the
    name an ISO 639 code stands for."""
    typed = " ".join(typed.lower().split())
    return LANGUAGE_CODES.get(typed, typed)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _tokens(text: str) -> list[tuple[bool, str, bool]]:
    """Split into (negated, raw, quoted) pieces; ``name:"a b"`` stays one piece.

    An unclosed quote runs to the end of the text: the reader is still typing it."""
    pieces: list[tuple[bool, str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = False
        while i < n and text[i] == "-":
            negated = True
            i += 1
        if i >= n or text[i].isspace():
            continue
        start = i
        quoted = False
        while i < n and not text[i].isspace():
            if text[i] == '"':
                quoted = True
                close = text.find('"', i + 1)
                i = n if close < 0 else close + 1
                # a phrase ends the piece unless it is glued to more non-space text
                continue
            i += 1
        pieces.append((negated, text[start:i], quoted))
    return pieces


def _unquote(raw: str) -> str:
    return raw.replace('"', " ").strip()


def parse_query(text: str, *, typing: bool = False) -> Query:
    """Parse a library query; raises QueryError (with a one-line message) when it
    cannot mean anything, never anything else.

    ``typing``: the text is still being typed (search as you type), so a plain word at
    its very end (no space after it yet) is taken as a prefix: "mis" finds missiles
    on the way to "missiles" instead of nothing."""
    terms: list[Term] = []
    speakers: list[Term] = []
    docs: list[Term] = []
    kinds: list[str] = []
    langs: list[str] = []
    after: str | None = None
    before: str | None = None
    #: index in ``terms`` of a plain word that was the last token (typing: a prefix)
    last: int | None = None
    for negated, raw, quoted in _tokens(text):
        last = None
        name, sep, value = raw.partition(":")
        key = name.lower()
        if sep and key in _FILTERS and not name.startswith('"'):
            value = _unquote(value)
            if not value:
                raise QueryError(f"{key}: needs a value, e.g. {_EXAMPLES[key]}")
            if negated:
                raise QueryError(f"-{key}: is not supported; use -word to exclude words")
            if key == "speaker":
                words = " ".join(value.split())
                if _has_word(words):
                    speakers.append(Term(words, phrase=" " in words, prefix=" " not in words))
            elif key == "doc":
                for word in value.split():
                    if _has_word(word):
                        docs.append(Term(word.rstrip("*"), prefix=True))
            elif key == "kind":
                for kind in re.split(r"[|,]", value.lower()):
                    if kind not in KINDS:
                        raise QueryError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
                    kinds.append(kind)
            elif key == "lang":
                langs.append(value)
            elif key == "after":
                # every filter must hold: of two after:, the later one
                start = date_range(value)[0]
                if after is None or start > date_range(after)[0]:
                    after = value.strip()
            elif key == "before":
                end = date_range(value)[1]
                if before is None or end < date_range(before)[1]:
                    before = value.strip()
            continue
        if quoted:
            phrase = " ".join(_unquote(raw).split())
            if _has_word(phrase):
                terms.append(Term(phrase, phrase=True, negated=negated))
            continue
        prefix = raw.endswith("*")
        # Anything not a letter or digit is a separator for the index, so a piece such
        # as "col:x" or "[sic]" is looked for as the words it contains, in order.
        pieces = [w for w in re.split(r"[^\w]+|_", raw) if w]
        if not pieces:
            continue
        if len(pieces) == 1:
            if not prefix and not negated:
                last = len(terms)
            terms.append(Term(pieces[0], prefix=prefix, negated=negated))
        else:
            terms.append(Term(" ".join(pieces), phrase=True, negated=negated))
    if typing and last is not None and text[-1:].isalnum():
        terms[last] = Term(terms[last].text, prefix=True)
    query = Query(
        text=text,
        terms=tuple(terms),
        speakers=tuple(speakers),
        after=after,
        before=before,
        kinds=tuple(dict.fromkeys(kinds)),
        docs=tuple(docs),
        langs=tuple(langs),
    )
    if not query.positive and not query.has_filters:
        if query.negative:
            raise QueryError("a query needs at least one word or filter besides -word")
        raise QueryError("type some words to search for (see the query help)")
    if after and before and date_range(after)[0] > date_range(before)[1]:
        raise QueryError(f"after:{after} is later than before:{before}: nothing can match")
    return query


_EXAMPLES = {
    "speaker": "speaker:guevara",
    "after": "after:1962-10",
    "before": "before:1963",
    "kind": "kind:turn",
    "doc": "doc:havana",
    "lang": "lang:chinese",
}
