"""The embedded store: atomic publication, and a killed build that leaves the published store alone."""

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from conftest import ROOT, SEED, BuildStore, parent_of, run_lod, select
from lod.errors import StoreError
from lod.store import Publication


def test_a_store_layout_with_a_current_link(seed_store: Path) -> None:
    current = seed_store / "current"
    assert current.is_symlink() and (current / "oxigraph").is_dir()
    manifest = json.loads((current / "build.json").read_text())
    assert manifest["published"] == 153 and manifest["base_uri"] == "http://127.0.0.1:5000/"
    with gzip.open(current / "dumps" / "dataset.nt.gz", "rt") as dump:
        lines = dump.read().splitlines()
    assert len(lines) == len(set(lines)) > 1000
    assert any('<https://w3id.org/telegram/ns#telegramNumber> "405809"' in line for line in lines)
    # the dump is the published default graph, each triple once, as many as the statistics count
    dumped = {str(t) for t in ox.parse("\n".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES)}
    store = ox.Store.read_only(str(current / "oxigraph"))
    stored = {str(q.triple) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert dumped == stored
    # the triples and entities the build counted as it wrote them are what the store holds
    statistics = json.loads((current / "statistics.json").read_text())
    assert statistics["triples"] == len(lines)
    [row] = store.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")  # type: ignore[misc]
    assert statistics["entities"] == int(row["n"].value)


def test_a_rebuild_gives_the_same_graph(build_store: BuildStore, seed_store: Path) -> None:
    """The same sources give the same graph. Built again into the same store, triple for triple: the
    history keeps when each record last changed. In a store of its own, all but those datestamps."""
    again, done = build_store(ROOT / "data" / "sources", name="again")
    assert done.returncode == 1  # the same undated FRUS document rejected again
    first = dump(again)
    rebuilt = run_lod("build", "-q", str(ROOT / "data" / "sources"), "--store", str(again))
    assert rebuilt.returncode == 1 and "0 new or changed, 153 unchanged, 0 withdrawn" in rebuilt.stdout
    assert dump(again) == first
    modified = "<http://purl.org/dc/terms/modified>"
    assert sum(modified in line for line in first) == 153
    assert [line for line in first if modified not in line] == [
        line for line in dump(seed_store) if modified not in line
    ]


def dump(store: Path) -> list[str]:
    """The published build's N-Triples dump, sorted."""
    with gzip.open(store / "current" / "dumps" / "dataset.nt.gz", "rt") as stream:
        return sorted(stream.read().splitlines())


def test_a_rebuild_swaps_and_keeps_one_previous_build(tmp_path: Path) -> None:
    store = tmp_path / "s"
    for _ in range(3):
        assert run_lod("build", "-q", str(SEED), "--store", str(store)).returncode == 0
    builds = sorted(p.name for p in (store / "builds").iterdir())
    assert len(builds) == 2
    assert os.readlink(store / "current") == f"builds/{builds[-1]}"


def test_a_directory_that_is_not_a_store_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    done = run_lod("build", "-q", str(SEED), "--store", str(tmp_path))
    assert done.returncode == 2 and "not a store made by `lod build`" in done.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_failed_build_removes_its_partial_directory(tmp_path: Path) -> None:
    try:
        with Publication(tmp_path / "s") as publication:
            partial = publication.path
            (partial / "staging.nt").write_text("half")
            raise StoreError("simulated failure")
    except StoreError:
        pass
    assert not partial.exists()
    assert not (tmp_path / "s" / "current").exists()


def descendants(pid: int) -> set[int]:
    """The processes below ``pid``, from /proc."""
    parents = {int(entry.name): parent_of(int(entry.name)) for entry in Path("/proc").glob("[0-9]*")}
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return str(pid)


def test_kill_minus_nine_during_a_build_leaves_the_store_queryable(tmp_path: Path) -> None:
    store = tmp_path / "s"
    assert run_lod("build", "-q", str(SEED), "--store", str(store)).returncode == 0
    before = os.readlink(store / "current")
    # A corpus big enough to be killed in the middle: the seed page many times over, each its own record.
    big = tmp_path / "big"
    big.mkdir()
    text = SEED.read_text()
    for number in range(400):
        (big / f"page-{number:04d}.txt").write_text(text.replace("Political Mood", f"Political Mood {number}"))
    process = subprocess.Popen(
        [sys.executable, "-m", "lod", "build", "-q", str(big), "--store", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while not list((store / "builds").glob(".partial-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    children: set[int] = set()  # readers, the validation process, multiprocessing's resource tracker
    while not children and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        children = descendants(process.pid)
    time.sleep(0.3)  # the children under way: started, importing, or at work
    children |= descendants(process.pid)
    assert process.poll() is None, "the build finished before it could be interrupted"
    assert children, "the build had started no process of its own: nothing to check"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    # every process the build started dies with it, though nothing told it to stop
    deadline = time.monotonic() + 10
    while (alive := [pid for pid in children if Path(f"/proc/{pid}").exists()]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive, f"processes of the killed build still running: {[_command(pid) for pid in alive]}"
    assert os.readlink(store / "current") == before
    assert select(store, "SELECT ?t WHERE { ?t tg:telegramNumber '405809' }")
    # the next build clears what the killed one left
    assert run_lod("build", "-q", str(SEED), "--store", str(store)).returncode == 0
    assert not list((store / "builds").glob(".partial-*"))


def test_the_links_of_much_linked_entities_are_counted_once_by_the_build(seed_store: Path) -> None:
    """A person's page says "sent 12,161" from the build's count; the figures are the same as counting anew."""
    from lod.store.oxigraph import open_read_only
    from lod.void import many_links
    from lod.web.describe import Describer

    statistics = json.loads((seed_store / "current" / "statistics.json").read_text())
    assert statistics["many_links"] == {}  # nothing in the seed build is linked a thousand times
    store = open_read_only(seed_store)
    counted = many_links(store, minimum=100)
    assert counted and all(sum(links.values()) >= 100 for links in counted.values())
    most = max(counted, key=lambda entity: sum(counted[entity].values()))  # the FRUS volume's minister
    fresh = Describer(store, "http://127.0.0.1:5000/").describe(most)
    from_build = Describer(store, "http://127.0.0.1:5000/", many_links=counted).describe(most)
    assert from_build.link_counts == fresh.link_counts and fresh.link_counts["sent"] >= 10
    doubled = {most: {p: 2 * n for p, n in counted[most].items()}}  # the page takes the build's word for it
    told = Describer(store, "http://127.0.0.1:5000/", many_links=doubled).describe(most)
    assert told.link_counts == {role: 2 * n for role, n in fresh.link_counts.items()}
