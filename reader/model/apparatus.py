"""Editorial apparatus: classify bracketed insertions and parenthetical stage directions.

Translators and editors of archival records mark their own words with square brackets
("[Blas] Roca", "[i.e., the Soviets]", "[sic]", "[2 lines not declassified]") and
transcripts mark what happened in the room with parentheses or brackets
("(After the meal)", "[Laughter]"). ``find_spans`` finds every such mark in a block's
text and names its kind from ``document.SPAN_KINDS`` so the viewer can colour it, list
it in the apparatus panel, or hide it in the clean reading mode.

Decisions worth knowing:

* Brackets and parentheses are matched with two stacks in one pass; a "[" that is never
  closed, a stray "]" and brackets that cross parentheses are ignored, never raised.
  A blank line ends every open bracket, so one stray "[" cannot swallow a document.
* Spans never overlap: where marks nest, the outer one wins ("[Translator's note: ...
  [sic] ...]" is one translator-note), where they cross, the first one wins. Only
  outermost pairs are classified, so the work stays linear in the length of the text.
* Every matched "[...]" becomes a span (``supplied`` when no other rule fits: words a
  translator added). A "(...)" becomes a span only when it reads as a stage direction;
  ordinary prose parentheses such as "(CPI)", "(DONG Biwu)", "(4)" or "(for iron ore
  etc.)" are text, not apparatus.
* "[Stamp]: Declassified": the stamp span covers the whole line from "[" to its end
  (the words after the colon are what the stamp says), so the panel shows one entry
  "[Stamp]: Declassified" rather than a bare "[Stamp]".
* "[Page 191]" in plain text is a ``page-break`` span covering the marker with
  ref="191"; parsers that want a zero-width page break cut the marker out themselves.
* "[1]" (a DFAT Markdown footnote link) is a ``footnote-ref`` with ref="1", the printed
  number; a parser that knows its notes may map it to a Note.id.

Each rule is one small function with the source example that motivated it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reader.model.document import Span

__all__ = ["classify_bracket", "classify_paren", "find_spans"]

# Classification looks at no more than this much of a mark's content, so one enormous
# unclosed-then-closed bracket costs the same as a short one.
_HEAD = 400
_TAIL = 60

# A bracket, a parenthesis or a blank line. Written to start with one character class
# (a line end, then the rest of a blank line if there is one) so the regex engine can
# jump from mark to mark; ``_pairs`` passes over a line end that is not a blank line.
_TOKENS = re.compile(r"[\[\]()\n](?:(?<=\n)[ \t]*\n)?")

# --------------------------------------------------------------------------- brackets

_PAGE = re.compile(r"\s*Page\s+([0-9]+[a-z]?|[ivxlcdm]+)\s*", re.IGNORECASE)
_FOOTNOTE = re.compile(r"\s*([0-9]{1,3})\s*")
_SIC = re.compile(r"\s*sic[.!]?\s*(?::.*)?", re.IGNORECASE | re.DOTALL)
_UNCERTAIN = re.compile(
    r"\s*(?:\?+|illegible|unclear|indecipherable|word unclear|words? illegible"
    r"|text unclear)[.?]?\s*",
    re.IGNORECASE,
)
_TRANSLATOR_HEAD = re.compile(
    r"\s*(?:translator['\u2019]?s?\s+notes?|trans(?:lator)?\.\s*note|tn)\b",
    re.IGNORECASE,
)
_TRANSLATOR_TAIL = re.compile(
    r"(?:[-\u2013\u2014]\s*|\(\s*|\s)(?:trans|transl|tr|translator)\.?\)?\s*$",
    re.IGNORECASE,
)
_STAMP = re.compile(r"\s*(?:stamp|seal|rubber stamp)\b[^\]]*", re.IGNORECASE)
_REDACTION = re.compile(
    r"not declassified|\bredacted\b|\bexcised\b|\bsanitized\b|\bwithheld\b"
    r"|\bdeleted\b|\bblacked out\b",
    re.IGNORECASE,
)
_EDITORIAL_HEAD = re.compile(
    r"\s*_?\s*(?:omitted|matter omitted|editor['\u2019]?s note|ed\.?\s*note|ed\.\s|"
    r"not printed|not found|see\s|attachment|enclosure|handwritten|illegible signature|"
    r"signed|initialed|text omitted|\.\.\.|\u2026|document\s+\d|footnote)"
    r"|.*\bin (?:the )?original\.?\s*$",
    re.IGNORECASE,
)
# Archival references: "[NAA: A1838, 3103/10/1 PART 2]", "[UKNA: FCO 24/254]",
# "[AA : A4311/1, BOX 453]".
_ARCHIVE_REF = re.compile(r"\s*_?[A-Z][A-Z.]{1,7}\s*:\s*[A-Z0-9]", re.ASCII)
_STAGE_WORDS = (
    r"laughter|laughs?|laughing|applause|pause[sd]?|silence|inaudible|crosstalk|"
    r"interrupts?|interrupting|recess|break|aside|off the record|smiles?|nods?|"
    r"points?|pointing|gestures?|shows?|hands?|reads?|confers?|whispers?|"
    r"joins?|joined|leaves?|left|enters?|entered|exits?|returns?|arrives?|departs?|"
    r"sits?|stands?|rises?|gets? up|comes? in|goes? out|continues?"
)
_STAGE_START = re.compile(rf"\s*(?:{_STAGE_WORDS})\b", re.IGNORECASE)
# "[Mr. Akalovsky joins the meeting.]", "[Secretary Kissinger gets up to leave briefly.]":
# a capitalised subject of up to four words, then a stage verb.
_STAGE_SUBJECT = re.compile(
    rf"\s*[A-Z][\w.\u2019']*(?:\s+[A-Z][\w.\u2019']*){{0,3}}\s+(?:{_STAGE_WORDS})\b"
)
_ADDRESSED = re.compile(r"\s*To\s+[A-Z][\w.\u2019']*(?:\s+[A-Z][\w.\u2019']*){0,2}\s*")

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_ORD = r"\d{1,2}(?:st|nd|rd|th)?"
_QUAL = r"(?:(?:late|early|mid|the end of|the beginning of|the middle of)[\s-]+)?"
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_DATE_ATOM = (
    rf"(?:{_QUAL}{_WEEKDAY}(?:{_ORD}\s+(?:of\s+)?)?{_MONTHS}(?:\s+{_ORD})?(?:,?\s+\d{{4}})?"
    rf"|{_QUAL}(?:1[0-9]|20)\d{{2}}s?"
    rf"|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})"
)
_DATE = re.compile(
    rf"\s*(?:(?:on|in|of|since|from|until|till|by|at|before|after|around|about|circa|"
    rf"c\.|ca\.)\s+)?{_DATE_ATOM}(?:\s*(?:/|-|\u2013|\u2014|and|or|to)\s*{_DATE_ATOM})*"
    rf"\s*",
    re.IGNORECASE,
)
_GLOSS_HEAD = re.compile(
    r"\s*(?:i\.\s?e\.?|ie\.|that is|namely|viz\.?|meaning|literally|lit\.)[,:\s]",
    re.IGNORECASE,
)
_GLOSS_INNER = re.compile(r",\s*(?:i\.\s?e\.|that is)[,\s]", re.IGNORECASE)
# The word just before a bracket: "GKEhS [", "IL-28 [", "MiG-21 [".
_WORD_BEFORE = re.compile(r"(\S+)[ \t]+$")


def _is_page(content: str) -> str | None:
    """ "[Page 191]" in FRUS plain text: a printed page begins (ref = the page)."""
    match = _PAGE.fullmatch(content)
    return match.group(1) if match else None


def _is_footnote(content: str) -> str | None:
    """ "[1]" in DFAT Markdown ("on 15th August [1] and there"): a footnote marker."""
    match = _FOOTNOTE.fullmatch(content)
    return match.group(1) if match else None


def _is_sic(content: str) -> bool:
    """ "Will the fishing harbor be closed for maintenance [sic]?" (seed 004)."""
    return _SIC.fullmatch(content) is not None


def _is_uncertain(content: str) -> bool:
    """ "something I could not understand[?]-that" (seed 004); also "[illegible]"."""
    return _UNCERTAIN.fullmatch(content) is not None


def _is_translator_note(content: str) -> bool:
    """ "[Translator’s note: The last half ...]" (seed 000, curly apostrophe) and
    "[not clear in text what "fear" refers to-trans.]" (seed 004)."""
    return bool(
        _TRANSLATOR_HEAD.match(content[:_HEAD]) or _TRANSLATOR_TAIL.search(content[-_TAIL:])
    )


def _is_stamp(content: str) -> bool:
    """ "[Stamp]: Declassified" (seed 000), a rubber stamp on the original."""
    return _STAMP.fullmatch(content[:_HEAD]) is not None


def _is_redaction(content: str) -> bool:
    """FRUS "[2 lines not declassified]", "[1 paragraph (5 lines) not declassified]",
    "[name not declassified]"."""
    return _REDACTION.search(content[:_HEAD]) is not None


def _is_editorial_note(content: str) -> bool:
    """FRUS "[Omitted here is discussion of upcoming meetings.]", DFAT "[matter omitted]",
    "[ _matter omitted_ ]", "[...]", and archival references "[NAA: A1838, ...]"."""
    head = content[:_HEAD]
    if _EDITORIAL_HEAD.match(head) or _ARCHIVE_REF.match(head):
        return True
    # A long full sentence in brackets is the editor speaking, not a supplied word.
    words = head.split()
    return (
        len(words) >= 8
        and content.rstrip().endswith(".")
        and head[:1].isupper()
        and (not _STAGE_SUBJECT.match(head))
    )


def _is_bracket_stage(content: str) -> bool:
    """FRUS "[Laughter]", "[interrupts translation ...:]", "[Reads over his talking
    paper and confers with Gromyko]", "[Mr. Akalovsky joins the meeting.]",
    "[To Kissinger]"."""
    head = content[:_HEAD]
    if _STAGE_START.match(head):
        return True
    if _ADDRESSED.fullmatch(head):
        return True
    return bool(_STAGE_SUBJECT.match(head)) and head.lstrip()[:1].isupper()


def _is_date(content: str) -> bool:
    """ "[on 13 October 1962]", "[18 July 1960]", "[in late August/early September 1962]"
    (seed 004): the whole insertion is a date."""
    return len(content) <= 80 and _DATE.fullmatch(content) is not None


def _is_gloss_phrase(content: str) -> bool:
    """ "[i.e., the Soviets]", "[i.e. the deployment of missiles in Cuba]",
    "[Battle of Giron, i.e., the Bay of Pigs]" (seed 004)."""
    head = content[:_HEAD]
    return bool(_GLOSS_HEAD.match(head) or _GLOSS_INNER.search(head))


def _is_designator(word: str) -> bool:
    """An acronym or a model designator: "GKEhS", "USSR", "IL-28", "MiG-21s"."""
    word = word.strip("\"'\u201c\u201d\u2018\u2019(")
    if not word or not word[0].isupper() or len(word) > 16:
        return False
    letters = [c for c in word if c.isalpha()]
    if any(c.isdigit() for c in word) and letters:
        return True
    return sum(1 for c in letters if c.isupper()) >= 2 and len(letters) <= 8


def _is_gloss_after_designator(text: str, start: int) -> bool:
    """ "GKEhS [USSR State Committee for Economic Relations]" (seed 000), "IL-28 [medium-
    range bombers]", "MiG-21 [jet fighters]" (seed 004): a bracket right after an
    acronym or designator explains it."""
    match = _WORD_BEFORE.search(text, max(0, start - 24), start)
    return match is not None and _is_designator(match.group(1))


_SHORT = 200


_PRONOUNS = frozenset("they them it he she him her we us".split())
_REFERENT = re.compile(
    r"\s*(?:the\s|[A-Z][\w\u2019'.-]*(?:\s+[A-Z][\w\u2019'.-]*)*\s*$)", re.IGNORECASE
)


def _is_gloss_after_pronoun(text: str, start: int, end: int) -> bool:
    """ "They [the Soviets] proposed it", "drag them [the Soviet Union] into war"
    (seed 004): a bracket after a personal pronoun, naming whom it means. Not
    "they [also] left" or "They [say] if" (supplied words)."""
    match = _WORD_BEFORE.search(text, max(0, start - 24), start)
    if not match or match.group(1).lower() not in _PRONOUNS:
        return False
    content = text[start + 1 : end - 1]
    if content[:4].lower() == "the ":
        return True
    return content[:1].isupper() and _REFERENT.fullmatch(content) is not None


def classify_bracket(text: str, start: int, end: int) -> tuple[str, str | None]:
    """The kind (and ref) of the bracketed mark ``text[start:end]``."""
    content = text[start + 1 : end - 1]
    if len(content) > _SHORT:  # no page number, date or [sic] is this long
        return _classify_long(content, text, start)
    page = _is_page(content)
    if page is not None:
        return "page-break", page
    footnote = _is_footnote(content)
    if footnote is not None:
        return "footnote-ref", footnote
    rules: tuple[tuple[Callable[[str], bool], str], ...] = (
        (_is_sic, "sic"),
        (_is_uncertain, "uncertain"),
        (_is_translator_note, "translator-note"),
        (_is_stamp, "stamp"),
        (_is_redaction, "redaction"),
        (_is_editorial_note, "editorial-note"),
        (_is_date, "date"),
        (_is_gloss_phrase, "gloss"),
        (_is_bracket_stage, "stage"),
    )
    for rule, kind in rules:
        if rule(content):
            return kind, None
    if _is_gloss_after_designator(text, start) or _is_gloss_after_pronoun(text, start, end):
        return "gloss", None
    return "supplied", None


def _classify_long(content: str, text: str, start: int) -> tuple[str, str | None]:
    """The rules that can apply to a long insertion, each on its head or tail only."""
    rules: tuple[tuple[Callable[[str], bool], str], ...] = (
        (_is_translator_note, "translator-note"),
        (_is_stamp, "stamp"),
        (_is_redaction, "redaction"),
        (_is_editorial_note, "editorial-note"),
        (_is_gloss_phrase, "gloss"),
        (_is_bracket_stage, "stage"),
    )
    for rule, kind in rules:
        if rule(content):
            return kind, None
    return "supplied", None


# ------------------------------------------------------------------------ parentheses

# "-ing" words that are not stage verbs: prepositions and place or proper names.
_NOT_VERBS = frozenset(
    """during including concerning regarding according following excluding pending
    notwithstanding considering touching respecting excepting nothing something anything
    everything morning evening meeting building beijing peking nanjing nanking chongqing
    chungking kunming shenyang harbing king sterling pershing browning fleming manning
    reading wellington darjeeling failing barring granting notwithstanding
    snelling""".split()
)
# Lower-case participles that describe a body in the room, not an argument:
# "(on sitting down)", "(continuing eating)" (seed 004).
_ACTION_PARTICIPLES = frozenset(
    """sitting standing rising eating drinking continuing laughing smiling pointing
    nodding gesturing turning looking showing handing reading writing walking leaving
    entering pausing interrupting shaking waving coughing whispering raising getting
    indicating addressing smoking toasting""".split()
)
_PAREN_STAGE_WORDS = frozenset(
    """after laughter laughs laughing applause pause pauses silence points aside smiles
    nods shows hands reads interrupts gestures looks continues returns enters leaves
    exits sits stands rises turns turning inaudible crosstalk break recess""".split()
)
_FIRST_WORDS = re.compile(r"\s*([A-Za-z\u00c0-\u024f'\u2019-]+)(?:\s+([A-Za-z'\u2019-]+))?")


def _is_prose_paren(content: str) -> bool:
    """Prose, not apparatus: "(CPI)", "(DONG Biwu)", "(4)", "(63)" (seed 004)."""
    stripped = content.strip()
    if not any(c.isalpha() for c in stripped[:_HEAD]):
        return True
    first = stripped.split(None, 1)[0] if stripped else ""
    letters = [c for c in first if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_ing_stage(content: str) -> bool:
    """ "(Speaking in accordance with the communiqué ...)", "(Having briefed on the
    Sino-Indian conflict.)", "(Starting to watch movie, ...)" (seed 004), "(Referring to
    Mr. Kennedy.)" (history.state.gov): a capitalised participle describes an action."""
    match = _FIRST_WORDS.match(content[:_HEAD])
    if not match or not match.group(1)[:1].isupper() or not match.group(2):
        return False
    return _is_participle(match.group(1))


def _is_participle(word: str) -> bool:
    word = word.lower()
    return len(word) >= 5 and word.endswith("ing") and word not in _NOT_VERBS


def _is_placed_ing_stage(text: str, start: int, end: int) -> bool:
    """ "(on sitting down)" opening a turn and "told me (continuing eating)." closing a
    sentence (seed 004). In mid-sentence a lower-case participle is prose: "(assuming
    American and Canadian co-operation)" (DFAT)."""
    match = _FIRST_WORDS.match(text, start + 1, min(end, start + 1 + _HEAD))
    if not match:
        return False
    first, second = match.group(1), match.group(2) or ""
    if first.lower() in {"on", "upon", "while", "when", "after", "before", "then"}:
        first = second
    if first.lower() not in _ACTION_PARTICIPLES or end - start > 80:
        return False
    return _after_sentence(text, start) or _before_sentence_end(text, end)


def _is_stage_word(content: str) -> bool:
    """ "(After the meal)", "(Points at the map.)" (seed 004), "(Laughter)"."""
    match = _FIRST_WORDS.match(content[:_HEAD])
    if not match:
        return False
    first = match.group(1)
    if first.lower() in {"after", "aside", "break"}:
        return first[0].isupper()  # "(after 1945)" is prose, "(After the meal)" is not
    return first.lower() in _PAREN_STAGE_WORDS


# Parenthetical sentences by the author, not descriptions of the room: "(This suspicion,
# however, has not yet percolated ...)", "(See, for example, Document 348.)" (DFAT).
_AUTHORIAL = frozenset(
    """i we you he she they it this that these those there see cf note compare
    but and or however""".split()
)


_NARRATED = re.compile(rf"\b(?:[a-z]+ed|{_STAGE_WORDS}|leave|enter|led)\b")


def _is_alone_stage(text: str, start: int, end: int) -> bool:
    """ "(The Premier greeted Dr. Kissinger and his party and led them to the table ...)"
    (history.state.gov): a capitalised narrative parenthesis that is a block or line of
    its own, not the author's aside."""
    content = text[start + 1 : end - 1]
    match = _FIRST_WORDS.match(content[:_HEAD])
    if not match or not match.group(1)[:1].isupper():
        return False
    if match.group(1).lower() in _AUTHORIAL or len(content.split(None, 3)) < 3:
        return False
    if not _NARRATED.search(" ".join(content[:_HEAD].split()[1:9])):
        return False
    before = text[max(0, start - 8) : start].rstrip(" \t")
    after = text[end : end + 8].lstrip(" \t")
    return (before == "" or before.endswith("\n")) and (after == "" or after[0] == "\n")


def _after_sentence(text: str, start: int) -> bool:
    """True where the parenthesis opens a sentence: at the start or after . ? ! :"""
    before = text[max(0, start - 8) : start].rstrip(" \t")
    return before == "" or before[-1] in '.?!:\n\u201d"'


def _before_sentence_end(text: str, end: int) -> bool:
    """True where the parenthesis closes a sentence: before . ? ! or the end."""
    after = text[end : end + 8].lstrip(" \t")
    return after == "" or after[0] in ".?!\n"


def classify_paren(text: str, start: int, end: int) -> str | None:
    """ "stage" when ``text[start:end]`` is a stage direction, else None (prose)."""
    content = text[start + 1 : end - 1]
    if _is_prose_paren(content):
        return None
    if _is_ing_stage(content) or _is_stage_word(content):
        return "stage"
    if _is_placed_ing_stage(text, start, end) or _is_alone_stage(text, start, end):
        return "stage"
    return None


# ----------------------------------------------------------------------------- finding


def _pairs(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Matched "[...]" and "(...)" pairs, in one linear pass with two stacks."""
    brackets: list[tuple[int, int]] = []
    parens: list[tuple[int, int]] = []
    open_brackets: list[int] = []
    open_parens: list[int] = []
    for match in _TOKENS.finditer(text):
        char = match.group()
        position = match.start()
        if char == "[":
            open_brackets.append(position)
        elif char == "]":
            if open_brackets:
                brackets.append((open_brackets.pop(), position + 1))
        elif char == "(":
            open_parens.append(position)
        elif char == ")":
            if open_parens:
                parens.append((open_parens.pop(), position + 1))
        elif char != "\n":  # a blank line closes nothing and forgets everything still open
            open_brackets.clear()
            open_parens.clear()
    return _outermost(brackets), _outermost(parens)


def _outermost(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop pairs nested inside another pair of the same sort."""
    pairs.sort(key=lambda pair: (pair[0], -pair[1]))
    kept: list[tuple[int, int]] = []
    reach = -1
    for start, end in pairs:
        if start >= reach:
            kept.append((start, end))
            reach = end
    return kept


class _LineEnds:
    """End of the line after a position, trailing blanks excluded; remembers the last
    answer so a line of a hundred thousand "[Stamp]:" is scanned once, not per stamp."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.start = -1
        self.end = -1

    def after(self, position: int) -> int:
        if not self.start <= position <= self.end:
            line_end = self.text.find("\n", position)
            line_end = len(self.text) if line_end == -1 else line_end
            stripped = len(self.text[position:line_end].rstrip(" \t")) + position
            self.start, self.end = position, stripped
        return self.end


def _stamp_end(text: str, end: int, lines: _LineEnds) -> int:
    """ "[Stamp]: Declassified" (seed 000): the stamp covers what follows its colon, to
    the end of the line."""
    if text[end : end + 1] != ":":
        return end
    return max(end, lines.after(end))


def find_spans(text: str, *, table: bool = False) -> list[Span]:
    """Every bracketed insertion and parenthetical stage direction, sorted by start.

    In a ``table`` block's text, parentheses are the printed headings' units and
    qualifiers ("(million)", "(All items where exports exceed $20,000)"), never stage
    directions: every parser of tables asks with ``table=True``.

    Linear in ``len(text)``; unbalanced or badly nested marks never raise.
    """
    if "[" not in text and "(" not in text:
        return []
    brackets, parens = _pairs(text)
    found: list[Span] = []
    lines = _LineEnds(text)
    for start, end in brackets:
        kind, ref = classify_bracket(text, start, end)
        if kind == "stamp":
            end = _stamp_end(text, end, lines)
        found.append(Span(kind, start, end, ref))
    for start, end in () if table else parens:
        paren_kind = classify_paren(text, start, end)
        if paren_kind is not None:
            found.append(Span(paren_kind, start, end))
    if len(found) > 1:
        found.sort(key=lambda span: (span.start, -span.end))
    spans: list[Span] = []
    reach = -1
    for span in found:
        if span.start >= reach:
            spans.append(span)
            reach = span.end
    return spans
