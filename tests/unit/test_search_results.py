"""What a library search returns on libraries shaped like real ones: prefixes among
words the stemmer treats oddly, very common words, and spellings looked up within
some folders only."""

from __future__ import annotations

from pathlib import Path

from reader.data.index import RANK_ALL, SearchIndex
from reader.model.document import Block, Document, Metadata, Source, Speaker
from tests.unit._library import FakeEntry


def _index(tmp_path: Path, documents: list[Document]) -> SearchIndex:
    index = SearchIndex.open(tmp_path / "index.sqlite")
    index.update([
        FakeEntry(d.source.path, (d,), sha256=d.source.sha256, size=10, mtime=1.0)
        for d in documents
    ])
    return index


def _document(path: str, texts: list[str], date: str | None = "1962",
              speakers: tuple[Speaker, ...] = ()) -> Document:
    speaker = speakers[0] if speakers else None
    blocks = tuple(
        Block("turn", text, speaker.id, speaker.labels[0], "label") if speaker
        else Block("paragraph", text)
        for text in texts
    )
    return Document(Metadata(title=path, date=date), blocks, speakers,
                    source=Source(path=path, sha256=path))


def _words(index: SearchIndex, query: str) -> set[str]:
    found = set()
    for hit in index.search(query, limit=1000):
        text = hit.snippet.text
        found |= {text[s:e].lower() for s, e in hit.snippet.matches}
    return found


def test_a_prefix_finds_only_words_that_start_with_it(tmp_path: Path) -> None:
    # "mis" stems to "mi", and porter stems "misapprehens" (the index term of
    # "misapprehension") again: once, the prefix fell back to FTS5's "mi*", which
    # found Minister, military and Mikoyan
    index = _index(tmp_path, [_document("/lib/a.txt", [
        "The Minister spoke of military matters.",
        "A misapprehension arose.",
        "Missiles arrived with Mikoyan.",
        "The mission ended.",
    ])])
    assert _words(index, "mis*") == {"misapprehension", "missiles", "mission"}


def test_a_prefix_does_not_find_a_shorter_word_of_the_same_stem(tmp_path: Path) -> None:
    # "pres" is indexed as "pre", as is the "pre" of "pre-war"
    index = _index(tmp_path, [_document("/lib/a.txt", [
        "Pre-war plans were kept.", "The President agreed.", "Pressure grew.",
    ])])
    assert _words(index, "pres*") == {"president", "pressure"}


def test_a_very_common_word_returns_every_match_when_asked(tmp_path: Path) -> None:
    count = RANK_ALL + 150
    documents = [
        _document(f"/lib/{n:05d}.txt", [f"Common word number {n}" + " padding" * (n % 7)],
                  date=f"{1950 + n % 30}")
        for n in range(count)
    ]
    index = _index(tmp_path, documents)
    hits = index.search("common", limit=count + 10)
    assert len({hit.path for hit in hits}) == count
    ranked = [hit for hit in hits if hit.score > 0]
    rest = hits[len(ranked):]
    assert ranked and all(hit.score == 0 for hit in rest)
    # what the ranked sample leaves out follows it in date order
    assert [hit.date for hit in rest] == sorted(hit.date or "" for hit in rest)
    assert index.search("common", limit=10) == hits[:10]


def test_did_you_mean_looks_within_the_searched_folder(tmp_path: Path) -> None:
    guevara = Speaker("guevara", "Ernesto Guevara", ("Guevara",), 0)
    elsewhere = [
        _document(f"/a/{n:03d}.txt", ["Yes."] * 2, speakers=(guevara,)) for n in range(60)
    ]
    here = _document("/b/memcon.txt", ["The missiles."], speakers=(guevara,))
    index = _index(tmp_path, [*elsewhere, here])
    assert index.search("speaker:gevara", within=["/b"]) == []
    assert index.explain_empty("speaker:gevara", within=["/b"]) == [
        "no speaker called “gevara” (did you mean Guevara?)"
    ]


def test_a_speaker_is_found_by_the_words_of_any_of_his_names(tmp_path: Path) -> None:
    kissinger = Speaker("kissinger", "Henry A. Kissinger", ("Dr. Kissinger", "K"), 0)
    dobrynin = Speaker("dobrynin", "Anatoliy F. Dobrynin", ("D",), 1)
    evatt = Speaker("p_EVH_1", "Herbert Vere Evatt", ("DR. EVATT", "Dr. Evatt"), 2)
    index = _index(tmp_path, [
        _document("/lib/k.txt", ["We agree."], speakers=(kissinger,)),
        _document("/lib/d.txt", ["Yes."], speakers=(dobrynin,)),
        _document("/lib/e.txt", ["No."], speakers=(evatt,)),
    ])

    def who(query: str) -> set[str]:
        return {hit.path for hit in index.search(query)}

    assert who('speaker:"henry kissinger"') == {"/lib/k.txt"}
    assert who('speaker:"kissinger henry"') == {"/lib/k.txt"}
    # a one-letter label is that label, not the start of "Dr." or of an id
    assert who("speaker:d") == {"/lib/d.txt"}
    assert who("speaker:k") == {"/lib/k.txt"}
    assert who("speaker:p") == set()
    assert who("speaker:evat") == {"/lib/e.txt"}


def test_a_name_said_outranks_turns_of_the_speaker_of_that_name(tmp_path: Path) -> None:
    evatt = Speaker("evatt", "Dr. H. V. Evatt", ("DR. EVATT", "Dr. Evatt", "EVATT"), 0)
    present = "Present: " + ", ".join(f"Mr. Person{n}" for n in range(40)) + ", Dr. Evatt."
    index = _index(tmp_path, [
        _document("/lib/turns.txt", ["I'm not supporting it.", "Who is it?", "Yes."],
                  speakers=(evatt,)),
        _document("/lib/list.txt", [present]),
    ])
    hits = index.search("evatt")
    assert hits[0].path == "/lib/list.txt"
    assert len(hits) == 4  # his turns are still found, after it


def test_date_order_is_reading_order(tmp_path: Path) -> None:
    from reader.model.document import Note

    first = Document(
        Metadata(title="No. 7", date="1961-06-26"),
        (Block("paragraph", "Laird spoke."), Block("paragraph", "Nothing."),
         Block("paragraph", "Laird again.")),
        notes=(Note("fn1", "footnote", "Laird was Secretary.", None, 0),),
        source=Source(path="/lib/vol.txt", sha256="v", part="7"),
    )
    second = Document(
        Metadata(title="No. 140", date="1961-06-26"),
        (Block("paragraph", "Laird later."),),
        source=Source(path="/lib/vol.txt", sha256="v", part="140"),
    )
    index = SearchIndex.open(tmp_path / "index.sqlite")
    index.update([FakeEntry("/lib/vol.txt", (first, second), sha256="v", size=10, mtime=1.0)])
    hits = index.search("laird", order="date")
    assert [(h.title, h.kind, h.block) for h in hits] == [
        ("No. 7", "paragraph", 0),
        ("No. 7", "note", 0),  # the note after the passage that refers to it
        ("No. 7", "paragraph", 2),
        ("No. 140", "paragraph", 0),  # the file's order, not "140" < "7"
    ]


def test_a_note_is_named_by_its_printed_marker(tmp_path: Path) -> None:
    from reader.model.document import Note

    document = Document(
        Metadata(title="d61", date="1975-07-30"),
        (Block("paragraph", "Republicans. They would like it."),),
        notes=(Note("d61fn2", "footnote", "Laird was consulted.", "2", 0),
               Note("n9", "translator", "Laird: a name.", None, 0)),
        source=Source(path="/lib/d61.xml", sha256="d"),
    )
    index = _index(tmp_path, [document])
    hits = index.search("laird", order="date")
    assert [(h.note, h.note_label) for h in hits] == [("d61fn2", "2"), ("n9", "n9")]


def test_a_quotation_is_found_across_a_footnote_marker(tmp_path: Path) -> None:
    from reader.model.document import Span

    text = "Democrats as well as Republicans.2 They would like to slow it down."
    marker = text.index("2 They")
    document = Document(
        Metadata(title="d61", date="1975-07-30"),
        (Block("paragraph", text, spans=(Span("footnote-ref", marker, marker + 1),)),),
        source=Source(path="/lib/d61.xml", sha256="d"),
    )
    index = _index(tmp_path, [document])
    hits = index.search('"Republicans. They would like"')
    assert len(hits) == 1
    assert text[slice(*hits[0].matches[0])].startswith("Republicans")
    assert index.search("2") == []  # the marker is not a word of the passage
