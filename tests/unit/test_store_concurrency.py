"""Two readers open at once lose nothing (DESIGN.md: a JSON file with atomic replace lost
about half the updates in the same test). Two real processes each add 300 bookmarks and
edit every note they made, interleaved with the other's writes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from reader.data.store import Store

WORKER = textwrap.dedent(
    """
    import sys
    from reader.data.anchor import make_anchor
    from reader.data.store import Store
    from reader.model.document import Block, Document, Metadata, Source

    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    document = Document(
        metadata=Metadata(title=f"Record {name}"),
        blocks=tuple(Block("paragraph", f"{name} passage {i} words") for i in range(count)),
        source=Source(path=f"/archive/{name}.txt", sha256=name * 64),
    )
    store = Store.open(path)
    assert not store.read_only and store.recovered_from is None, store.message
    sys.stdout.write("ready\\n"); sys.stdout.flush()
    sys.stdin.readline()  # start together
    made = []
    for index in range(count):
        made.append(store.add_bookmark(document, make_anchor(document, index), note="draft"))
        if index % 3 == 2:  # edit while the other process is adding
            for bookmark in made[-3:]:
                store.update_note(bookmark.id, f"final {name} {bookmark.anchor.block_index}",
                                  tags=[name])
    for bookmark in made[len(made) - len(made) % 3:]:
        store.update_note(bookmark.id, f"final {name} {bookmark.anchor.block_index}",
                          tags=[name])
    store.close()
    print("done")
    """
)


def test_two_processes_adding_and_editing_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    Store.open(path).close()  # created once, as the first instance would
    count = 300
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), name, str(count)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    for worker in workers:
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        assert out.strip() == "done"
    with Store.open(path) as store:
        bookmarks = store.list_bookmarks()
        assert len(bookmarks) == 2 * count
        assert len({b.id for b in bookmarks}) == 2 * count
        for bookmark in bookmarks:
            name = bookmark.tags[0] if bookmark.tags else "?"
            assert bookmark.note == f"final {name} {bookmark.anchor.block_index}", bookmark
            assert bookmark.anchor.doc_path == f"/archive/{name}.txt"
        for name in ("a", "b"):
            indexes = sorted(b.anchor.block_index for b in bookmarks if b.tags == (name,))
            assert indexes == list(range(count))
