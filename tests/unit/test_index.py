"""The search index: incremental updates by hash, rebuilds of damaged files, ordering."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from reader.data.index import SCHEMA_VERSION, SearchIndex, make_snippet
from tests.unit._library import FakeEntry, build, entries, havana, moscow


def test_default_location_is_the_cache_folder(home: Path) -> None:
    index = SearchIndex.open()
    assert index.path == home / "cache" / "index.sqlite"
    assert index.path.exists()


def test_unchanged_hash_is_skipped_changed_is_reindexed(tmp_path: Path) -> None:
    index = build(tmp_path)
    again = index.update(entries())
    assert (again.skipped, again.indexed) == (3, 0)
    assert index.counts()[2] == 8  # 4 blocks + 1 note, 2, 1
    changed = FakeEntry("/lib/havana.txt", (havana("h2", " Brand-new zeppelin."),),
                        sha256="h2", size=120, mtime=2.0)
    stats = index.update([changed])
    assert (stats.indexed, stats.skipped) == (1, 0)
    assert [h.block for h in index.search("zeppelin")] == [0]
    assert index.counts() == (3, 3, 8)  # replaced, not duplicated
    assert len(index.search("withdrawn")) == 1
    assert index.known()["/lib/havana.txt"] == (120, 2.0)


def test_vanished_files_are_removed_only_by_a_full_rescan(tmp_path: Path) -> None:
    index = build(tmp_path)
    index.update(entries()[:1])  # a partial update removes nothing
    assert index.counts()[0] == 3
    stats = index.update(entries()[:1], roots=["/lib"], seen=["/lib/moscow.txt"])
    assert stats.removed == 1
    assert {h.path for h in index.search("missiles")} == {"/lib/havana.txt", "/lib/moscow.txt"}
    index.update([], roots=["/elsewhere"])  # other folders are left alone
    assert index.counts()[0] == 2


def test_unreadable_file_is_recorded_and_its_old_passages_dropped(tmp_path: Path) -> None:
    index = build(tmp_path)
    index.update([FakeEntry("/lib/moscow.txt", (), error="gone bad", sha256="m2", size=1)])
    assert {h.path for h in index.search("missiles")} == {"/lib/havana.txt", "/lib/undated.txt"}
    assert "/lib/moscow.txt" in index.known()


def _reopen_and_search(path: Path) -> SearchIndex:
    index = SearchIndex.open(path)
    assert index.notices, "a rebuild must be announced"
    assert index.search("missiles") == []
    index.update(entries())
    assert len(index.search("missiles")) >= 3
    return index


def test_truncated_index_is_rebuilt(tmp_path: Path) -> None:
    index = build(tmp_path)
    index.update([FakeEntry(f"/big/{i}.txt", (moscow(),), sha256=str(i)) for i in range(300)])
    index.close()
    path = tmp_path / "index.sqlite"
    data = path.read_bytes()
    assert len(data) > 8192
    path.write_bytes(data[: len(data) // 2])
    _reopen_and_search(path)


def test_garbage_file_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    path.write_bytes(b"this is not a database at all\n" * 100)
    _reopen_and_search(path)


def test_old_schema_version_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE passages(text)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    _reopen_and_search(path)


def test_an_index_made_by_other_parsers_is_rebuilt(tmp_path: Path) -> None:
    """Unchanged files are skipped by hash, so what older parsers made of them (a whole
    volume as one document) would otherwise be searched forever."""
    index = build(tmp_path)
    assert index.search("missiles")
    assert not index.notices
    index._conn().execute("UPDATE meta SET value = 'older' WHERE key = 'parsers'")
    index.close()
    again = SearchIndex.open(tmp_path / "index.sqlite")
    assert any("another version of the document parsers" in n for n in again.notices)
    assert again.search("missiles") == []  # emptied: the next update reads every file
    assert again.counts()[0] == 0
    again.close()
    third = SearchIndex.open(tmp_path / "index.sqlite")
    assert third.notices == []  # rebuilt once, then kept
    third.close()


def test_rank_versus_date_order(tmp_path: Path) -> None:
    index = build(tmp_path)
    ranked = index.search("missiles")
    assert ranked[0].path == "/lib/undated.txt"  # says "missiles" twice in few words
    assert [h.score for h in ranked] == sorted((h.score for h in ranked), reverse=True)
    dated = index.search("missiles", order="date")
    assert [h.date for h in dated] == ["1962-11", "1962-12-01", "1962-12-01", None]
    assert index.search("missiles", limit=1, offset=1, order="date")[0].date == "1962-12-01"


def test_within_limits_to_paths(tmp_path: Path) -> None:
    index = build(tmp_path)
    assert {h.path for h in index.search("missiles", within=["/lib/moscow.txt"])} == {
        "/lib/moscow.txt"
    }
    assert index.search("missiles", within=["/li"]) == []


def test_iter_search_pages_and_cancellation(tmp_path: Path) -> None:
    index = build(tmp_path)
    index.update([FakeEntry(f"/big/{i}.txt", (moscow(),), sha256=str(i)) for i in range(60)])
    pages = list(index.iter_search("missile", page=20, limit=100))
    assert [len(p) for p in pages][:2] == [10, 20]
    assert sum(len(p) for p in pages) == 64  # 60 + moscow + havana turn and note + undated
    keys = [(h.path, h.block, h.kind) for p in pages for h in p]
    assert len(set(keys)) == len(keys)
    stop = threading.Event()
    stop.set()
    assert list(index.iter_search("missile", cancel=stop)) == []
    older = index.new_generation()
    newer = index.new_generation()
    assert older() and not newer()
    assert index.search("missile", cancel=older) == []


def test_search_from_another_thread_while_writing(tmp_path: Path) -> None:
    index = build(tmp_path)
    found: list[int] = []
    thread = threading.Thread(target=lambda: found.append(len(index.search("missiles"))))
    thread.start()
    thread.join()
    assert found and found[0] >= 3


def test_snippet_folds_whitespace_and_keeps_offsets() -> None:
    text = "word " * 40 + "the  Soviet\n\nmissiles " + "tail " * 60
    start = text.index("missiles")
    snippet = make_snippet(text, [(start, start + 8)])
    assert snippet.clipped_start and snippet.clipped_end
    assert "\n" not in snippet.text and "  " not in snippet.text
    a, b = snippet.matches[0]
    assert snippet.text[a:b] == "missiles"
    assert snippet.marked().startswith("…") and "»missiles«" in snippet.marked()


def test_snippet_of_single_spaced_text_is_the_same_as_folding_gives() -> None:
    """The fast path (nothing to fold but the ends) agrees with the folding walk: the
    same text with a tab in the window takes the walk and gives the same offsets."""
    words = " ".join(f"w{n}" for n in range(120))
    start = words.index("w60")
    tabbed = words[: start - 1] + "\t" + words[start:]  # a tab just before the match
    fast = make_snippet(words, [(start, start + 3)], context=20, width=60)
    walked = make_snippet(tabbed, [(start, start + 3)], context=20, width=60)
    assert fast == walked
    assert fast.text[fast.matches[0][0] : fast.matches[0][1]] == "w60"
    assert fast.text == fast.text.strip() and fast.clipped_start and fast.clipped_end
    # a match at the very start, with the window's leading space stripped
    head = make_snippet("  alpha beta", [(2, 7)])
    assert head.text == "alpha beta" and head.matches == ((0, 5),)
    assert make_snippet("  alpha\tbeta", [(2, 7)]).matches == ((0, 5),)


def test_document_hits_are_one_documents_matches_in_reading_order(tmp_path: Path) -> None:
    """What n / N go through after a library search opened a document."""
    index = build(tmp_path)
    hits = index.document_hits("soviet", "/lib/havana.txt", None)
    assert [(h.block, h.path) for h in hits] == [(0, "/lib/havana.txt"), (1, "/lib/havana.txt")]
    assert all(h.snippet.text[a:b].lower() == "soviet" for h in hits for a, b in h.snippet.matches)
    # the query's filters hold here too, and a note is a hit of its own
    shen = index.document_hits("speaker:shen soviet", "/lib/havana.txt", None)
    assert [h.block for h in shen] == [1]
    assert [h.kind for h in index.document_hits("missile", "/lib/havana.txt", None)] == [
        "turn", "note",
    ]
    # another file's matches never come in; a document the index lacks has none
    assert {h.path for h in index.document_hits("missile", "/lib/moscow.txt", None)} == {
        "/lib/moscow.txt"
    }
    assert index.document_hits("soviet", "/lib/havana.txt", "7") == []
    assert index.document_hits("soviet", "/lib/elsewhere.txt", None) == []


def test_a_table_hit_keeps_its_rows_apart(tmp_path: Path) -> None:
    """A table's rows are lines: folded into spaces, one row's last figure ran into the
    next row's label ("146 U.S. 88"). A table's snippet marks each row break."""
    from reader.model.document import Block, Document, Metadata
    from reader.model.tables import format_table

    rows = [["", "Steel", "Electricity"], ["U.K.", "22", "146"], ["U.S.", "88", "879"]]
    text = format_table(rows)
    document = Document(Metadata(title="Production"), (Block("table", text),))
    index = SearchIndex.open(tmp_path / "i.sqlite")
    index.update([FakeEntry("/lib/tables.txt", (document,), sha256="t1")])
    [hit] = index.search("electricity")
    assert hit.kind == "table"
    assert hit.snippet.text == "│ Steel │ Electricity ‖ U.K. │ 22 │ 146 ‖ U.S. │ 88 │ 879"
    a, b = hit.snippet.matches[0]
    assert hit.snippet.text[a:b] == "Electricity"
    # prose folds its line breaks into spaces as before; a blank line is one break
    assert make_snippet("a\n\nb  c\n", [(0, 1)], rows=" ‖ ").text == "a ‖ b c"
    assert make_snippet("a\n\nb  c\n", [(0, 1)]).text == "a b c"


def test_very_common_query_is_ranked_over_a_sample(tmp_path: Path, monkeypatch) -> None:
    import reader.data.index as index_module

    index = build(tmp_path)
    index.update([FakeEntry(f"/big/{i}.txt", (moscow(),), sha256=str(i)) for i in range(60)])
    exact = index.search("missile", limit=100)
    monkeypatch.setattr(index_module, "RANK_ALL", 5)
    monkeypatch.setattr(index_module, "_SAMPLE", 100)
    sampled = index.search("missile", limit=100)
    # every match fits in the sample here, so the same passages come back
    assert {(h.path, h.block, h.kind) for h in sampled} == {
        (h.path, h.block, h.kind) for h in exact
    }
    assert [h.score for h in sampled] == sorted((h.score for h in sampled), reverse=True)
    # the shortest passage saying it twice is still first
    assert sampled[0].path == "/lib/undated.txt"
    for hit in sampled:
        assert hit.matches and all(hit.snippet.text[a:b] for a, b in hit.snippet.matches)
    # pages are stable and do not overlap
    pages = list(index.iter_search("missile", page=20, limit=100))
    keys = [(h.path, h.block, h.kind) for p in pages for h in p]
    assert keys == [(h.path, h.block, h.kind) for h in sampled]
    assert index.search("missile", limit=5, offset=5) == sampled[5:10]
    # filters still apply in the sampled ranking
    assert {h.path for h in index.search("missile after:1962-12")} == {"/lib/havana.txt"}


def test_hits_highlight_only_their_page(tmp_path: Path) -> None:
    index = build(tmp_path)
    index.update([FakeEntry(f"/big/{i}.txt", (moscow(),), sha256=str(i)) for i in range(400)])
    hits = index.search("missile soviet", limit=3, offset=2)
    assert len(hits) == 3
    for hit in hits:
        assert [hit.snippet.text[a:b].lower() for a, b in hit.snippet.matches][:1] in (
            ["missile"], ["soviet"], ["missiles"]
        )


def test_transactions_span_batches_and_duplicates_in_a_batch(tmp_path: Path, monkeypatch) -> None:
    import reader.data.index as index_module

    monkeypatch.setattr(index_module, "_BATCH", 3)
    index = build(tmp_path)
    many = [FakeEntry(f"/big/{i}.txt", (moscow(),), sha256=str(i), size=10) for i in range(10)]
    # the same file twice in one batch, the second time changed: indexed once, changed
    many.insert(4, FakeEntry("/big/2.txt", (havana("x"),), sha256="x", size=10))
    seen: list[int] = []
    stats = index.update(many, progress=lambda s: seen.append(s.files))
    assert stats.files == 11 and stats.indexed == 11 and stats.skipped == 0
    assert seen and seen[-1] == 11 and len(seen) >= 4  # progress after every batch
    files, docs, passages = index.counts()
    assert (files, docs) == (3 + 10, 3 + 10)
    assert {h.path for h in index.search("communiqué")} == {"/lib/havana.txt", "/big/2.txt"}
    # rowid ranges stay disjoint: re-indexing every file leaves no stray passage
    again = [FakeEntry(f"/big/{i}.txt", (moscow(),), sha256=f"v{i}", size=10) for i in range(10)]
    index.update(again)
    assert index.counts() == (files, docs, passages - len(havana().blocks) - 1 + 2)


def test_interrupted_update_keeps_what_was_committed_and_resumes(tmp_path: Path,
                                                                  monkeypatch) -> None:
    import reader.data.index as index_module

    monkeypatch.setattr(index_module, "_BATCH", 2)
    monkeypatch.setattr(index_module, "_COMMIT_BYTES", 1)  # commit after every batch
    index = SearchIndex.open(tmp_path / "index.sqlite")
    many = [FakeEntry(f"/big/{i}.txt", (moscow(),), sha256=str(i), size=10) for i in range(7)]

    def dies() -> object:
        yield from many[:5]
        raise KeyboardInterrupt

    try:
        index.update(dies())  # type: ignore[arg-type]
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("the error must reach the caller")
    index.close()
    index = SearchIndex.open(tmp_path / "index.sqlite")
    assert not index.notices
    assert index.counts()[0] == 4  # two whole batches; the unfinished one rolled back
    stats = index.update(many)
    assert (stats.skipped, stats.indexed) == (4, 3)
    assert index.counts()[0] == 7
    assert len(index.search("missile", limit=100)) == len(index.search("missile", limit=100,
                                                                         order="date"))


def _keys(hits: object) -> list[tuple[object, ...]]:
    return [(h.path, h.block, h.kind, h.note) for h in hits]  # type: ignore[attr-defined]


def test_preview_page_is_true_matches_then_the_same_ranked_pages(tmp_path: Path) -> None:
    index = build(tmp_path)
    index.update([FakeEntry(f"/big/{i}.txt", (moscow(),), sha256=str(i)) for i in range(30)])
    for query in ("miss*", "sov* union", "revolution*", "speaker:guevara rev*"):
        plain = list(index.iter_search(query, page=20, limit=100))
        pages = list(index.iter_search(query, page=20, limit=100, preview=True))
        assert not any(p.provisional for p in plain)
        assert pages[0].provisional and 0 < len(pages[0]) <= 10
        assert not any(p.provisional for p in pages[1:])
        assert [_keys(p) for p in pages[1:]] == [_keys(p) for p in plain]
        assert [h.score for p in pages[1:] for h in p] == [h.score for p in plain for h in p]
        every = set(_keys(index.search(query, limit=1000)))
        assert set(_keys(pages[0])) <= every
        assert all(h.matches for h in pages[0])  # the words are marked as in ranked hits
    # nothing to expand: no provisional page
    assert not any(p.provisional for p in index.iter_search("missiles", preview=True))
    assert list(index.iter_search("zzz*", preview=True)) == []


def test_preview_leaves_out_terms_porter_would_stem_again(tmp_path: Path) -> None:
    # "agreed" is indexed as "agre", but a query word "agre" stems to "agr": such an
    # index term, quoted in the preview's OR, would look for another term
    index = build(tmp_path)
    from reader.model.document import Block, Document, Metadata, Source

    farm = Document(Metadata(title="Farms"), (Block("paragraph", "Agriculture first."),),
                    source=Source(path="/lib/farm.txt", sha256="f1"))
    index.update([FakeEntry("/lib/farm.txt", (farm,), sha256="f1")])
    conn = index._conn()
    assert index._stems(conn, ["agre", "Communiqué", "a b"]) == [
        ["agr"], ["communiqu"], ["a", "b"]
    ]
    assert index._terms_from(conn, "agr", 10) == ["agre", "agricultur"]
    # FTS5 would stem the prefix to "agr*" and find "Agriculture"; "agre*" is narrowed to
    # the index terms that start with "agre", the stem "agre" asked for as a word a
    # passage writes it as ("agreed")
    ranked = {h.path for h in index.search("agre*")}
    assert ranked == {"/lib/moscow.txt"}
    pages = list(index.iter_search("agre*", preview=True))
    assert pages[0].provisional
    assert {h.path for h in pages[0]} == ranked
    assert {h.path for p in pages[1:] for h in p} == ranked


def test_sampled_prefix_ranking_reads_the_exact_expansion_with_same_results(
    tmp_path: Path, monkeypatch
) -> None:
    import reader.data.index as index_module

    monkeypatch.setattr(index_module, "RANK_ALL", 5)  # every query here is "very common"
    index = build(tmp_path)
    index.update([FakeEntry(f"/big/{i}.txt", (moscow(),), sha256=str(i)) for i in range(40)])
    conn = index._conn()
    expanded = index._expansion(conn, index_module.parse_query("mis* rev*"), complete=True)
    assert expanded is not None
    # porter stems the prefix too: "mis" is looked for as "mi"
    assert sorted(expanded.values()) == [["mikoyan", "missil"], ["revolut", "revolutionari"]]
    queries = ("mis*", "sov* union", "rev* -council", "speaker:mikoyan mis*", "a*")

    def results() -> list[list[tuple[object, ...]]]:
        return [
            [(h.path, h.block, h.kind, h.score, h.matches) for h in index.search(q, limit=30)]
            for q in queries
        ]

    fast = results()
    assert all(fast)
    monkeypatch.setattr(index_module, "_EXPAND", 0)  # no complete expansion: plain prefix
    assert index._expansion(conn, index_module.parse_query("mis*"), complete=True) is None
    assert results() == fast


def test_prefix_finds_only_words_that_start_with_what_was_typed(tmp_path: Path) -> None:
    # porter stems a partial word too: FTS5 alone looks for "mis*" as "mi*" (Mikoyan)
    index = build(tmp_path)

    def found(query: str) -> set[tuple[str, int | None]]:
        return {(h.path, h.block) for h in index.search(query, limit=100)}

    mikoyan = ("/lib/moscow.txt", 0)  # "A single missile remained; ..."
    withdrawn = ("/lib/havana.txt", 0)  # "The Soviet missiles were withdrawn ..."
    everywhere = ("/lib/undated.txt", 0)  # "Missiles, missiles everywhere; ..."
    assert found("mis*") == {mikoyan, withdrawn, everywhere}
    assert found("speaker:mikoyan mis*") == {mikoyan}
    assert found("missiles*") == {mikoyan, withdrawn, everywhere}  # typed past the stem "missil"
    assert found("sovs*") == set()  # nothing starts with "sovs", though its stem "sov" does
    assert {mikoyan, withdrawn} <= found("sov*")
    # the provisional page and the ranked pages agree
    pages = list(index.iter_search("mis*", preview=True))
    assert {(h.path, h.block) for p in pages for h in p} == {mikoyan, withdrawn, everywhere}
    # the words marked are the ones found
    for hit in index.search("mis*"):
        marked = [hit.snippet.text[a:b].lower() for a, b in hit.snippet.matches]
        assert marked and all(word.startswith("mis") for word in marked)


def test_stems_are_tokenized_once_per_text(tmp_path: Path, monkeypatch) -> None:
    """A typed query asks for the same stems several times (narrowing, preview,
    ranking): the tokenizer runs once per text, the answers stay the same."""
    import reader.data.index as index_module

    monkeypatch.setattr(index_module, "_STEMS", {})
    monkeypatch.setattr(index_module, "_FOLDED", {})
    index = SearchIndex.open(tmp_path / "index.sqlite")
    runs: list[list[str]] = []
    tokenize = index._tokenize

    def counted(conn, texts, stemmed):  # type: ignore[no-untyped-def]
        runs.append(list(texts))
        return tokenize(conn, texts, stemmed)

    monkeypatch.setattr(index, "_tokenize", counted)
    conn = index._conn()
    assert index._stems(conn, ["missiles", "agreed"]) == [["missil"], ["agre"]]
    assert index._stems(conn, ["agreed", "missiles", "talks"]) == [["agre"], ["missil"], ["talk"]]
    assert index._stems(conn, ["Missiles"], stemmed=False) == [["missiles"]]
    assert runs == [["missiles", "agreed"], ["talks"], ["Missiles"]]
    index.close()
