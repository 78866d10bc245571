"""Building again: what was converted before is carried over, and the graph is the one a full build makes.

The shipped sources (the seed page, the Wilson Center records, the FRUS volume of 1894) are built,
then corrected as an archive corrects them in a week: a title retyped, a sender named in full
(which the resolver reads differently, and learns from), one record withdrawn and one added. Built
again into the same store, the build carries over what it converted before; built from nothing
(``--full``) into another, it must come out the same, byte for byte once sorted, with the same
catalogue. The build time is fixed (``LOD_BUILD_TIME``) so that the datestamps agree.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from conftest import ROOT, run_lod
from lod.store.oxigraph import revise

WHEN = {"LOD_BUILD_TIME": "2026-12-01T00:00:00Z"}
WILSON = "wilson/nhamby_wilson_records_merged.jsonl"
FRUS = "frus/frus1894Nicaragua.xml"


def _build(sources: Path, store: Path, *options: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    done = run_lod("build", "--quiet", *options, str(sources), "--store", str(store), env={**WHEN, **(env or {})})
    assert done.returncode in (0, 1), done.stdout + done.stderr
    report: dict[str, Any] = json.loads((store / "current" / "build.json").read_text())
    report["said"] = done.stdout
    return report


def _graph(store: Path) -> list[bytes]:
    return sorted(gzip.decompress((store / "current" / "dumps" / "dataset.nt.gz").read_bytes()).splitlines())


def _store(store: Path) -> list[bytes]:
    """Every quad of the published database, sorted: what SPARQL is answered from."""
    database = ox.Store.read_only(str(store / "current" / "oxigraph"))
    quads = database.dump(format=ox.RdfFormat.N_QUADS)
    assert quads is not None
    return sorted(quads.splitlines())


def _kept(store: Path) -> dict[str, int]:
    """Rows in each table of what a build keeps for the next (conversions.sqlite)."""
    with sqlite3.connect(store / "current" / "conversions.sqlite") as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def _catalogue(store: Path) -> dict[str, Any]:
    """Rows in each table of the reading room's catalogue, and its facets' counts."""
    with sqlite3.connect(store / "current" / "catalogue.sqlite") as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts: dict[str, Any] = {
            table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables
        }
        counts["facets"] = db.execute("SELECT facet, value, n FROM facet_counts ORDER BY facet, value").fetchall()
    return counts


def _correct(sources: Path) -> None:
    """A week's corrections: a title, a sender named in full, a record withdrawn, a record added."""
    lines = (sources / WILSON).read_text(encoding="utf-8").splitlines()
    retitled = json.loads(lines[2])
    retitled["title"] += " (corrected)"
    added = json.loads(lines[0])
    added["record_id"] = f"{added['record_id']}-2"
    added["document_url"] += "-second-copy"
    added["title"] = "Another letter, received later"
    lines = [lines[0], lines[1], json.dumps(retitled), *lines[3:4], *lines[5:], json.dumps(added)]
    (sources / WILSON).write_text("\n".join(lines) + "\n", encoding="utf-8")
    volume = (sources / FRUS).read_text(encoding="utf-8")
    head = 'xml:id="d3" n="3">\n                    <head>No. 3.<lb/><hi rend="italic">Mr. <persName type="from">Baker'
    assert head in volume  # document 3's sender, named in full
    (sources / FRUS).write_text(volume.replace(head, head.replace(">Baker", ">Lewis Baker")), encoding="utf-8")


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The sources built, corrected and built again; and the corrected sources built from nothing."""
    work = tmp_path_factory.mktemp("incremental")
    sources = work / "sources"
    shutil.copytree(ROOT / "data" / "sources", sources)
    first = _build(sources, work / "weekly")
    _correct(sources)
    again = _build(sources, work / "weekly")
    full = _build(sources, work / "fresh", "--full")
    graph = _graph(work / "weekly")
    # a week later with nothing new: all of it from the build before, and no record said changed
    unchanged = _build(sources, work / "weekly", env={"LOD_BUILD_TIME": "2026-12-08T00:00:00Z"})
    return {
        "first": first,
        "again": again,
        "full": full,
        "unchanged": unchanged,
        "again_graph": graph,
        "weekly": work / "weekly",
        "fresh": work / "fresh",
    }


def test_building_again_carries_over_what_did_not_change(corrected: dict[str, Any]) -> None:
    first, again = corrected["first"], corrected["again"]
    assert first["carried"] == 0 and first["full"] == "no build was published before"
    assert again["full"] == ""
    # the retitled record, the added one, the despatch whose sender is named in full: converted again; the rest carried
    assert again["published"] == first["published"]  # one withdrawn, one added
    assert again["carried"] == first["published"] - 3
    assert f"carried over from the published build: {again['carried']} records'" in again["said"]
    assert again["withdrawn"] == 1
    # of the three files of records, the two corrected are read again; the seed page is taken as it was read
    assert first["files_carried"] == 0 and again["files_carried"] == 1
    assert " 1 file's records as read" in again["said"]
    # the store is the published one carried over: the seed page's telegram stood as stated; the records of
    # the two files corrected say they come from files of other content, and are stated again
    assert first["stood"] == 0 and again["stood"] == 1 and corrected["full"]["stood"] == 0
    assert "in which 1 records' statements stood as stated" in again["said"]


def test_building_again_replays_what_the_records_taught_until_the_authority_stands_otherwise(
    corrected: dict[str, Any],
) -> None:
    """A record met again in the state the authority stood in then is not resolved again: what it taught is
    replayed. The two records corrected are resolved again, and so is every record after the one withdrawn
    (what that one taught is no longer learnt before them): the last ten lines of the Wilson Center file
    (the one added among them) and the seed page, read after it. The sender named in full is one the
    register already knew by that name: it teaches nothing new, and the records after it are replayed."""
    first, again, unchanged = corrected["first"], corrected["again"], corrected["unchanged"]
    assert first["replayed"] == 0 and corrected["full"]["replayed"] == 0
    assert again["replayed"] == again["published"] - 2 - 11
    assert f"what {again['replayed']} records taught the authority (replayed" in again["said"]
    assert unchanged["replayed"] == unchanged["published"]


def test_building_again_makes_the_graph_and_catalogue_a_full_build_makes(corrected: dict[str, Any]) -> None:
    full = corrected["full"]
    assert full["carried"] == 0 and "converted every record: a full build was asked for (--full)" in full["said"]
    weekly, fresh = corrected["weekly"], corrected["fresh"]
    assert b"(corrected)" in b"\n".join(_graph(fresh))
    assert _graph(weekly) == _graph(fresh)
    # the store, carried over and changed where the records changed, holds what a full build loads
    assert _store(weekly) == _store(fresh)
    assert _catalogue(weekly) == _catalogue(fresh)
    for name in ("statistics.json", "names.json", "rejects.jsonl", "warnings.jsonl"):
        assert (weekly / "current" / name).read_bytes() == (fresh / "current" / name).read_bytes(), name


def _found(store: Path) -> dict[str, tuple[int, list[str]]]:
    """What the reading room's search finds in a store's catalogue: words, a phrase (looked up by its pairs
    of words), a name as written, a number, each with how many match and the first page of hits in order."""
    from lod.index import Query, Selection, open_index

    index = open_index((store / "current").resolve())
    found = {}
    for words in ("Stalin", '"Pak Hon Yong"', "Nicaragua minister", '"the minister"', "Baker", "1295"):
        results = index.search(Selection(Query.parse(words)))
        found[words] = (results.total, [hit.iri for hit in results.hits])
    return found


def test_the_search_engine_built_from_cards_carried_over_finds_what_a_full_build_finds(
    corrected: dict[str, Any],
) -> None:
    """Cards carried over bring their texts folded and paired by the build that made them (lod.index.engine
    .folded); the engine indexed from them answers as one indexed from cards made anew."""
    weekly, fresh = _found(corrected["weekly"]), _found(corrected["fresh"])
    assert weekly["Stalin"][0] > 0 and weekly['"Pak Hon Yong"'][0] > 0 and weekly['"the minister"'][0] > 0
    assert weekly == fresh


def test_a_change_of_shapes_converts_every_record_again_and_says_why(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "data" / "sources" / "wilson", sources)
    shapes = tmp_path / "shapes.ttl"
    shutil.copyfile(ROOT / "shapes" / "telegram.ttl", shapes)
    first = _build(sources, tmp_path / "store", env={"LOD_SHAPES": str(shapes)})
    assert _build(sources, tmp_path / "store", env={"LOD_SHAPES": str(shapes)})["carried"] == first["published"]
    shapes.write_text(shapes.read_text() + "\n# a rule reworded\n")
    again = _build(sources, tmp_path / "store", env={"LOD_SHAPES": str(shapes)})
    assert again["carried"] == 0 and again["full"] == "the shapes changed"
    assert "converted every record: the shapes changed" in again["said"]


def test_a_build_with_nothing_changed_carries_over_everything_the_build_before_kept(corrected: dict[str, Any]) -> None:
    """What the second build carried over it kept again for the third, with what it converted itself."""
    unchanged, again = corrected["unchanged"], corrected["again"]
    assert unchanged["full"] == ""
    assert unchanged["carried"] == unchanged["published"] == again["published"]
    assert unchanged["files_carried"] == 3  # every file of records, as the second build read or carried it
    # and all three whole, their records from one row each (the FRUS volume's undated document with them,
    # rejected again as it was: the rejects are the same as a full build's, in the same order)
    assert unchanged["files_whole"] == 3 and "(3 of them whole)" in unchanged["said"]
    assert (corrected["weekly"] / "current" / "rejects.jsonl").read_bytes() == (
        corrected["fresh"] / "current" / "rejects.jsonl"
    ).read_bytes()
    # the second build met the seed page, unchanged, after a record withdrawn: in another state, not whole
    assert again["files_whole"] == 0
    assert unchanged["changed"] == 0 and unchanged["withdrawn"] == 0
    assert unchanged["stood"] == unchanged["published"]  # nothing loaded again but the build's others
    # what it keeps for the next build is what a full build keeps: its copy of the published build's file
    # holds no row it did not carry over (a file kept whole holds its records' operations: their journals
    # one by one are kept by the build that resolved or replayed them, not by one that took the file whole)
    kept, full = _kept(corrected["weekly"]), _kept(corrected["fresh"])
    assert kept["journals"] == 0 and full["journals"] == full["conversions"] == unchanged["published"]
    assert {**kept, "journals": 0} == {**full, "journals": 0}
    assert _store(corrected["weekly"]) == _store(corrected["fresh"])
    assert _graph(corrected["weekly"]) == corrected["again_graph"]


def test_files_after_a_correction_that_teaches_nothing_are_carried_over_whole(tmp_path: Path) -> None:
    """A week in which only the FRUS volume is corrected (a sender named in full, whom the register already
    knew by that name): the authority stands after it as it stood, so the Wilson Center export and the seed
    page, read after it, come back whole from their rows, and the graph is still a full build's."""
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "data" / "sources", sources)
    _build(sources, tmp_path / "weekly")
    volume = (sources / FRUS).read_text(encoding="utf-8")
    head = 'xml:id="d3" n="3">\n                    <head>No. 3.<lb/><hi rend="italic">Mr. <persName type="from">Baker'
    (sources / FRUS).write_text(volume.replace(head, head.replace(">Baker", ">Lewis Baker")), encoding="utf-8")
    again = _build(sources, tmp_path / "weekly")
    full = _build(sources, tmp_path / "fresh", "--full")
    assert again["files_carried"] == 2 and again["files_whole"] == 2
    # the corrected despatch alone is resolved again (it reads otherwise); what it teaches is what it taught
    assert again["replayed"] == again["carried"] == again["published"] - 1
    volume = next(counts for name, counts in again["by_source"].items() if name.endswith(FRUS))
    assert again["stood"] == again["published"] - volume["published"]
    assert _store(tmp_path / "weekly") == _store(tmp_path / "fresh")
    assert _graph(tmp_path / "weekly") == _graph(tmp_path / "fresh") and full["files_whole"] == 0
    assert _catalogue(tmp_path / "weekly") == _catalogue(tmp_path / "fresh")
    for name in ("rejects.jsonl", "warnings.jsonl", "names.json", "statistics.json"):
        assert (tmp_path / "weekly" / "current" / name).read_bytes() == (
            tmp_path / "fresh" / "current" / name
        ).read_bytes(), name


def test_a_revision_by_update_lasts_until_the_next_build_carried_over_or_not(tmp_path: Path) -> None:
    """A staff's SPARQL Update is published as a revision of the build; the next build starts again from the
    sources, as it always did, though it carries the records over: the store is loaded anew."""
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "data" / "sources" / "wilson", sources)
    _build(sources, tmp_path / "weekly")
    note = "INSERT DATA { <http://127.0.0.1:5000/id/person/stalin> <http://www.w3.org/2004/02/skos/core#note> 'x' }"
    revise(tmp_path / "weekly", lambda store: store.update(note))
    assert any(b"core#note" in quad for quad in _store(tmp_path / "weekly"))
    again = _build(sources, tmp_path / "weekly")
    _build(sources, tmp_path / "fresh", "--full")
    assert again["carried"] == again["published"] and again["stood"] == 0
    assert _store(tmp_path / "weekly") == _store(tmp_path / "fresh")
