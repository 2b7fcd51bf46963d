"""Reported speech: whose words does an unlabelled paragraph of a narrative record carry?

Diaries and narrative memoranda ("From the Diary of A. I. Alekseyev", FRUS "The
Secretary said ...") have no speaker labels. A historian still reads each paragraph as
mainly reporting one person: "Guevara explained to me ...", "I told Guevara ...". This
module finds that person from said-verbs and phrases, so the viewer can colour the
paragraph (attribution ``reported``).

How a paragraph is decided:

1. It is cut into sentences. Each sentence takes the speaker of the FIRST piece of
   evidence in it (the main clause usually comes first: "In reply I said to Guevara
   that he is deeply mistaken if he thinks ..." is the diarist's). The rules, one per
   table or function below:
   - a name + said-verb: "Guevara explained to me", "Guevara noted", "Dobrynin pointed
     out", "The Secretary said", "Mr. Khrushchev said that";
   - a phrase: "In Guevara's words" (straight or curly apostrophe), "According to X";
   - an inverted verb after a comma: "..., said Guevara";
   - a name + participle: "with the Secretary pointing out that ...";
   - an aside: "..., as Dobrynin pointed out, ..." acknowledges a person inside someone
     else's speech, so it counts only in a sentence with no other evidence and no
     speaker carried over from before;
   - the diarist: "I told Guevara", "I said to Guevara", "..., I said", "I noted to
     Guevara", "In reply I said"; "I" (and "we" as the subject of a said-verb) resolve
     to the narrator;
   - a pronoun: "he said", "she noted" resolve to the last person named before it in
     the paragraph; failing that, to the only non-narrator person in ``names`` (so
     "Being a direct and open person ... he declared to me" in a diary with one
     interlocutor is his).
2. A sentence with no evidence continues the previous sentence's speaker (reported
   speech runs on: "In Guevara's words, ... . While preserving their authority, the
   labor union leaders ..."); sentences before any evidence count for nobody.
3. Each person scores the characters of the sentences given to them; the highest score
   wins. A tie goes to the person whose evidence comes first in the paragraph (the one
   who opens the exchange).
4. A paragraph without a said-verb is not reported speech and stays None: "I met today
   with E. Guevara and had a friendly conversation with him." narrates a meeting.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["SAID_GERUNDS", "SAID_VERBS", "attribute", "evidence", "narrator_from_title"]

#: Verbs that report speech when a person is their subject ("Guevara noted").
SAID_VERBS: tuple[str, ...] = (
    "said",
    "says",
    "explained",
    "informed",
    "noted",
    "declared",
    "stated",
    "replied",
    "answered",
    "told",
    "pointed out",
    "remarked",
    "added",
    "stressed",
    "emphasized",
    "emphasised",
    "underlined",
    "observed",
    "asked",
    "requested",
    "announced",
    "reported",
    "expressed",
    "assured",
    "objected",
    "insisted",
    "suggested",
    "proposed",
    "commented",
    "responded",
    "continued",
    "agreed",
    "argued",
    "complained",
    "warned",
    "promised",
    "admitted",
    "confirmed",
    "mentioned",
    "claimed",
    "indicated",
    "recalled",
    "repeated",
    "urged",
    "raised",
    "referred",
    "characterized",
    "characterised",
    "acknowledged",
    "conceded",
    "maintained",
    "affirmed",
    "inquired",
    "enquired",
    "wondered",
    "thanked",
    "congratulated",
    "reiterated",
    "summarized",
    "summarised",
    "outlined",
    "described",
    "spoke",
    "talked",
    "made clear",
    "made it clear",
    "made the point",
)

#: Present participles after a name report speech too: "..., with the Secretary
#: pointing out that some points needed clarification" (FRUS d24).
SAID_GERUNDS: tuple[str, ...] = (
    "pointing out",
    "saying",
    "noting",
    "explaining",
    "stressing",
    "emphasizing",
    "emphasising",
    "suggesting",
    "asking",
    "adding",
    "arguing",
    "insisting",
    "replying",
    "observing",
    "remarking",
    "stating",
    "indicating",
    "making clear",
    "making it clear",
)
_VERBS = "|".join(
    sorted((re.escape(v).replace(r"\ ", r"\s+") for v in SAID_VERBS), key=len, reverse=True)
)
_GERUNDS = "|".join(
    sorted((re.escape(v).replace(r"\ ", r"\s+") for v in SAID_GERUNDS), key=len, reverse=True)
)
# Adverbs that may stand between a subject and its verb: "Dobrynin then said".
_ADVERB = (
    r"(?:(?:then|also|again|further|finally|once again|in turn|in reply|later|first|"
    r"immediately|subsequently|however|,)\s+)*"
)
_INVERTED_VERBS = r"said|noted|replied|added|asked|explained|continued|answered|observed|remarked"

_PRONOUN = re.compile(rf"\b([Hh]e|[Ss]he)\s+{_ADVERB}(?:{_VERBS})\b")
_FIRST_PERSON = re.compile(rf"\b(?:I|[Ww]e)\s+{_ADVERB}(?:{_VERBS})\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(\[]*[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|Mr|Mrs|Ms|Dr|St|No|Gen|Col|Capt|Sen|Rep|Gov|Prof|Amb|Lt|Sr|Jr|vs|etc|e\.g|i\.e)\.$"
)

_TITLE_NARRATOR = re.compile(
    r"(?:^|\b)(?:from\s+)?the\s+(?:diary|journal|notebook|notes|memoirs?|"
    r"working notes)\s+of\s+(.+?)\s*(?:[,;:(\u2013\u2014]|\s-\s|\"|\u201d|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One sign that someone's speech is reported at ``position``."""

    position: int
    #: speaker id, or None for a pronoun that could not be resolved
    speaker: str | None
    rule: str


def narrator_from_title(title: str) -> str | None:
    """The diarist named by a title: "From the Diary of A. I. Alekseyev, Record of a
    Conversation ..." -> "A. I. Alekseyev"; None where the title names no diarist."""
    match = _TITLE_NARRATOR.search(title.strip().strip('"\u201c\u201d'))
    if not match:
        return None
    name = match.group(1).strip().rstrip(".")
    return name or None


def _variants(names: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Every form of every name, mapped to its speaker id. A multi-word name also
    answers to its last word ("E. Guevara" -> "Guevara", "A. I. Alekseyev" ->
    "Alekseyev") unless two people share it."""
    forms: dict[str, str] = {}
    surnames: dict[str, set[str]] = {}
    for speaker, variants in names.items():
        for variant in (speaker, *variants):
            variant = " ".join(variant.split())
            if not variant:
                continue
            forms.setdefault(variant, speaker)
            if variant.lower().startswith("the "):
                forms.setdefault("the " + variant[4:], speaker)
            words = variant.split()
            last = words[-1].strip(",.")
            if len(words) > 1 and len(last) > 2 and last[0].isupper():
                surnames.setdefault(last, set()).add(speaker)
    for last, owners in surnames.items():
        if len(owners) == 1 and last not in forms:
            forms[last] = next(iter(owners))
    return forms


def _name_pattern(forms: Mapping[str, str]) -> re.Pattern[str] | None:
    if not forms:
        return None
    alternatives = "|".join(
        re.escape(form).replace(r"\ ", r"\s+") for form in sorted(forms, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w)")


def _resolve_narrator(
    narrator: str | None, forms: Mapping[str, str], names: Mapping[str, Sequence[str]]
) -> str | None:
    """The narrator may be given as a speaker id or as a name from the title."""
    if narrator is None:
        return None
    if narrator in names:
        return narrator
    cleaned = " ".join(narrator.split())
    if cleaned in forms:
        return forms[cleaned]
    last = cleaned.split()[-1] if cleaned else ""
    return forms.get(last, narrator)


def _named_speech(text: str, names: re.Pattern[str], forms: Mapping[str, str]) -> list[Evidence]:
    """ "Guevara explained to me", "Guevara noted", "The Secretary said", "Dobrynin
    pointed out", "Mr. Khrushchev said that" (seed 000, FRUS d24)."""
    found: list[Evidence] = []
    verb = re.compile(rf"\s+{_ADVERB}(?:{_VERBS}|{_GERUNDS})\b")
    phrase_before = re.compile(r"(?:\b[Ii]n\s+|\b[Aa]ccording\s+to\s+)$")
    inverted_before = re.compile(rf",\s*(?:{_INVERTED_VERBS})\s+$")
    aside_before = re.compile(r"(?:^|[^\w\s]\s*|\s)[Aa]s\s+$")
    for match in names.finditer(text):
        speaker = _form_owner(match.group(), forms)
        after = text[match.end() : match.end() + 80]
        before = text[max(0, match.start() - 20) : match.start()]
        if verb.match(after):
            # "..., as Dobrynin pointed out, ..." acknowledges someone inside another
            # person's speech; it does not hand the sentence to them (see attribute).
            rule = "aside" if aside_before.search(before) else "name-verb"
            found.append(Evidence(match.start(), speaker, rule))
        elif phrase_before.search(before) and re.match(
            r"['\u2019]s?\s+(?:words|view|opinion)\b", after
        ):
            found.append(Evidence(match.start(), speaker, "in-words"))
        elif before.rstrip().endswith(("According to", "according to")):
            found.append(Evidence(match.start(), speaker, "according-to"))
        elif inverted_before.search(before):
            found.append(Evidence(match.start(), speaker, "inverted"))
    return found


def _form_owner(text: str, forms: Mapping[str, str]) -> str:
    return forms.get(" ".join(text.split()), "")


def _first_person_speech(text: str, narrator: str | None) -> list[Evidence]:
    """ "I told Guevara", "I said to Guevara", "..., I said", "I noted to Guevara",
    "In reply I said" (seed 000): the diarist speaks."""
    if narrator is None:
        return []
    return [Evidence(m.start(), narrator, "first-person") for m in _FIRST_PERSON.finditer(text)]


def _pronoun_speech(
    text: str, mentions: Sequence[tuple[int, str]], fallback: str | None
) -> list[Evidence]:
    """ "Moreover, he said, we should develop ..." (seed 000): "he"/"she" is the last
    person named before it, else the only interlocutor the document has."""
    found: list[Evidence] = []
    for match in _PRONOUN.finditer(text):
        speaker = fallback
        for position, mentioned in mentions:
            if position >= match.start():
                break
            speaker = mentioned
        found.append(Evidence(match.start(), speaker, "pronoun"))
    return found


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence bounds; "E. Guevara", "Mr. Khrushchev", "V. I. Lenin" do not end one."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text[max(start, match.start() - 6) : match.start()]):
            continue
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(a, b) for a, b in bounds if b > a]


def evidence(text: str, names: Mapping[str, Sequence[str]], narrator: str | None) -> list[Evidence]:
    """Every sign of reported speech in ``text``, in order (exposed for tests)."""
    forms = _variants(names)
    pattern = _name_pattern(forms)
    narrator_id = _resolve_narrator(narrator, forms, names)
    mentions: list[tuple[int, str]] = []
    found: list[Evidence] = []
    if pattern is not None:
        for match in pattern.finditer(text):
            owner = _form_owner(match.group(), forms)
            if owner and owner != narrator_id:
                mentions.append((match.start(), owner))
        found.extend(_named_speech(text, pattern, forms))
    others = [speaker for speaker in names if speaker != narrator_id]
    fallback = others[0] if len(others) == 1 else None
    found.extend(_first_person_speech(text, narrator_id))
    found.extend(_pronoun_speech(text, mentions, fallback))
    found = [e for e in found if e.speaker]
    found.sort(key=lambda e: e.position)
    return found


def attribute(text: str, names: Mapping[str, Sequence[str]], narrator: str | None) -> str | None:
    """The speaker id whose speech ``text`` mainly reports, or None (see the module
    docstring for how "mainly" is weighed)."""
    found = evidence(text, names, narrator)
    if not found:
        return None
    scores: dict[str, int] = {}
    first_seen: dict[str, int] = {}
    current: str | None = None
    index = 0
    for start, end in _sentences(text):
        while index < len(found) and found[index].position < start:
            index += 1
        inside: list[Evidence] = []
        while index < len(found) and found[index].position < end:
            inside.append(found[index])
            index += 1
        main = [e for e in inside if e.rule != "aside"]
        if main:
            current = main[0].speaker
        elif inside and current is None:
            current = inside[0].speaker  # an aside is evidence only when nothing else is
        if current is not None:
            scores[current] = scores.get(current, 0) + (end - start)
            first_seen.setdefault(current, start)
    if not scores:
        return None
    return max(scores, key=lambda speaker: (scores[speaker], -first_seen[speaker]))
