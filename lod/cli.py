"""The `lod` command: thin wrappers over the pipeline's stages.

Exit codes: 0 success; 1 some records rejected (the rest published); 2 nothing published or
a usage, store or query error; 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import LodError
from .settings import Settings, describe

_PATH = click.Path(path_type=Path)


def _settings(**overrides: Any) -> Settings:
    return Settings.from_env(**overrides)


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="lod")
def cli() -> None:
    """Linked Open Data for diplomatic telegrams: build, validate and query the graph."""


def _skipped(skipped: list[tuple[str, str]], each: int = 10) -> None:
    """Files not read, by reason: each named when they are few, counted per folder when they are many."""
    reasons: dict[str, list[str]] = {}
    for path, why in skipped:
        reasons.setdefault(why, []).append(path)
    for why, paths in reasons.items():
        if len(paths) <= each:
            for path in paths:
                _echo_err(f"skipped {path}: {why}")
            continue
        common = Path(os.path.commonpath(paths))
        folders: dict[str, int] = {}
        for path in paths:  # counted by the folder they are in just below the one they share
            below = Path(path).relative_to(common).parts
            folder = str(common / below[0]) if len(below) > 1 else str(common)
            folders[folder] = folders.get(folder, 0) + 1
        counted = ", ".join(f"{folder} ({count})" for folder, count in sorted(folders.items(), key=lambda f: -f[1]))
        _echo_err(f"skipped {len(paths)} files in {counted}, e.g. {paths[0]}: {why}")


def _listed(entries: list[dict[str, Any]], total: int, where: Path | str | None, err: bool = False) -> None:
    """The first rejections or warnings one by one (file, record, rule, message), then how many more."""
    for entry in entries:
        click.echo(f"  {entry['source']}: {entry['record']}: {entry['rule']}: {entry['message']}", err=err)
    if total > len(entries):
        click.echo(f"  … and {total - len(entries)} more in {where}", err=err)


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=_PATH)
@click.option(
    "--store", "store", help="Store directory, or a SPARQL server's query endpoint, to publish into [LOD_STORE]."
)
@click.option("--base-uri", help="Base of the IRIs minted [LOD_BASE_URI].")
@click.option("--rejects", type=_PATH, help="Also write the rejected records (JSON lines) to this file.")
@click.option("--batch-size", type=int, help="Records validated together [LOD_BATCH_SIZE].")
@click.option("--partner", "partners", multiple=True, help="Base URI of a partner archive (owl:sameAs) [LOD_PARTNERS].")
@click.option("--full", is_flag=True, help="Convert every record again: carry nothing over from the published build.")
@click.option("--workers", type=str, help="Worker processes reading, converting and validating [LOD_WORKERS].")
@click.option(
    "--cluster", help="A Dask scheduler, tcp://HOST:PORT, whose workers do that instead (shared paths) [LOD_CLUSTER]."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option("-v", "--verbose", is_flag=True, help="Name the first warnings too, as the first rejections are.")
def build(
    sources: tuple[Path, ...],
    store: str | None,
    base_uri: str | None,
    rejects: Path | None,
    batch_size: int | None,
    partners: tuple[str, ...],
    full: bool,
    workers: str | None,
    cluster: str | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Read SOURCES (files or folders), validate every record, publish into the store.

    The new store is built beside the published one and swapped in at the end: a failed or
    interrupted build leaves the published store as it was. A record read and resolved as the
    published build read and resolved it is not converted and validated again: its statements
    are carried over (unless --full, or the code, shapes, vocabulary or authority files changed).
    Exit 0 when every record was published, 1 when some were rejected (listed with reasons), 2
    when none was published.
    """
    from tqdm import tqdm

    from .build import publish
    from .name_index import resolved_shares

    partner = " ".join(partners) if partners else None
    given = {"store": store, "base_uri": base_uri, "batch_size": batch_size, "workers": workers, "cluster": cluster}
    settings = _settings(partners=partner, **given)

    def progress() -> Any:
        return tqdm(desc="records", unit=" rec", disable=True if quiet else None, file=sys.stderr)

    report = publish(list(sources), settings, rejects=rejects, progress_factory=progress, full=full)
    _skipped(report.skipped)
    click.echo(report.summary())
    if 1 < len(report.by_source) <= 40:  # per source figures for a few volumes; all of them in build.json
        for source, counts in sorted(report.by_source.items()):
            plurals = {"telegram": "telegrams", "letter": "letters", "despatch": "despatches"}
            kinds = ", ".join(f"{counts[k]} {k if counts[k] == 1 else plurals[k]}" for k in plurals if counts.get(k))
            click.echo(
                f"  {source}: read {counts['read']}, published {counts['published']}{'; ' + kinds if kinds else ''}"
            )
    unchanged = report.published - report.copies - report.changed
    click.echo(
        f"since the published build: {report.changed} new or changed, {unchanged} unchanged, "
        f"{report.withdrawn} withdrawn (the OAI-PMH datestamps and dcterms:modified say when)"
    )
    click.echo(report.carried_over())
    extra = f" ({report.copies} identical copies of records read twice)" if report.copies else ""
    build_name = report.store.name if report.store else "?"
    if report.remote_graph:
        click.echo(f"store: {settings.store} (graph <{report.remote_graph}>, {report.triples} triples){extra}")
        click.echo(f"staging: {report.store} (dumps, rejects and statistics of this build)")
    else:
        click.echo(f"store: {settings.store} (build {build_name}, {report.triples} triples){extra}")
    if report.warnings:
        rules = ", ".join(f"{rule} x{count}" for rule, count in report.warning_rules.most_common())
        warnings = report.store / "warnings.jsonl" if report.store else "warnings.jsonl"
        click.echo(f"warnings: {report.warnings} ({rules}); see {warnings}")
        if verbose:
            _listed(report.first_warnings, report.warnings, warnings)
    if report.rejected:
        rules = ", ".join(f"{rule} x{count}" for rule, count in report.rules.most_common())
        click.echo(f"rejected: {rules}; reasons in {report.rejects_file}")
        _listed(report.first_rejected, report.rejected, report.rejects_file)
    names = report.names
    if names.get("agent_mentions"):
        shares = resolved_shares(names)
        click.echo(f"names: {names['agent_mentions']} names of agents resolved to {shares}; `lod names` lists them")
    rate = f"{report.read / max(report.seconds, 1e-9):.0f} records/s over {report.seconds:.2f} s"
    click.echo(f"{rate} (read, converted and validated by {report.workers})")
    sys.exit(report.exit_code)


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=_PATH)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON lines.")
def validate(sources: tuple[Path, ...], as_json: bool) -> None:
    """Check SOURCES as `lod build` would, without writing a store; print a readable report."""
    import json

    from .build import validate_sources

    def show(kind: str) -> Any:
        def sink(entry: dict[str, Any]) -> None:
            if as_json:
                click.echo(json.dumps({"kind": kind, **entry}, ensure_ascii=False))
            else:
                click.echo(f"{kind}: {entry['source']}: {entry['record']}: {entry['message']} [{entry['rule']}]")

        return sink

    report = validate_sources(list(sources), _settings(), show("rejected"), show("warning"))
    _skipped(report.skipped)
    if not as_json:
        click.echo(
            f"{report.published} valid, {report.rejected} rejected, {report.read} read; "
            f"{report.warnings} warning{'' if report.warnings == 1 else 's'}"
        )
    sys.exit(report.exit_code)


@cli.command()
@click.argument("sparql")
@click.option("--store", "store", help="Store directory or remote store's query endpoint [LOD_STORE].")
@click.option("--endpoint", help="Query this SPARQL 1.1 endpoint instead of the store.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json", "csv", "tsv", "turtle", "ntriples", "xml"]),
    default="table",
    show_default=True,
    help="json/csv/tsv/xml: SPARQL results for SELECT and ASK; turtle/ntriples/xml: graphs for CONSTRUCT and DESCRIBE.",
)
def query(sparql: str, store: str | None, endpoint: str | None, output: str) -> None:
    """Run a SPARQL query (text, @file.rq, or - for standard input). Prefixes tg:, dcterms:, skos: ... are declared."""
    from .query import query_endpoint, query_store

    if sparql == "-":
        sparql = sys.stdin.read()
    elif sparql.startswith("@"):
        try:
            sparql = Path(sparql[1:]).read_text(encoding="utf-8")
        except OSError as error:
            raise click.BadParameter(f"cannot read {sparql[1:]}: {error.strerror}") from None
    if endpoint and store:
        raise click.UsageError("give --store or --endpoint, not both")
    if endpoint:
        text = query_endpoint(endpoint, sparql, output)
    else:
        text = query_store(_settings(store=store).store, sparql, output)
    click.echo(text.rstrip("\n"))


@cli.command()
@click.argument("sparql")
@click.option("--endpoint", "endpoints", multiple=True, required=True, help="A SPARQL endpoint (give several).")
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json", "csv", "tsv"]),
    default="table",
    show_default=True,
    help="json: SPARQL results JSON with an added `endpoint` column.",
)
@click.option("--timeout", default=60, show_default=True, type=int, help="Seconds to wait for each endpoint.")
def federate(sparql: str, endpoints: tuple[str, ...], output: str, timeout: int) -> None:
    """Run one SELECT on several archives' endpoints and merge the rows, each with the endpoint that answered it."""
    import pyoxigraph as ox

    from .federation import federate as run_federated
    from .federation import results_json
    from .query import render

    if sparql.startswith("@"):
        sparql = Path(sparql[1:]).read_text(encoding="utf-8")
    variables, rows = run_federated(sparql, endpoints, timeout)
    text = results_json(variables, rows)
    if output == "json":
        click.echo(text)
        return
    parsed = ox.parse_query_results(text.encode(), format=ox.QueryResultsFormat.JSON)
    click.echo(render(parsed, output).rstrip("\n"))


@cli.command()
@click.argument("url")
@click.option("--store", "store", required=True, type=_PATH, help="The store directory to publish the harvest in.")
@click.option("--set", "set_spec", help="Harvest one set only (setSpec, such as archive:aprf).")
@click.option("--format", "prefix", default="rdf", show_default=True, help="The metadataPrefix to ask for (RDF/XML).")
@click.option("--timeout", default=60, show_default=True, type=int, help="Seconds to wait for each page.")
def harvest(url: str, store: Path, set_spec: str | None, prefix: str, timeout: int) -> None:
    """Harvest another archive's records over OAI-PMH into a store, published atomically like a build."""
    from .harvest import harvest as run_harvest

    done = run_harvest(url, _settings(store=str(store)), set_spec, prefix, timeout)
    click.echo(done.summary())
    click.echo(f"store: {store} (build {done.store.name if done.store else '?'}, {done.triples} triples)")
    if done.report.rejected:
        rules = ", ".join(f"{rule} x{n}" for rule, n in done.report.rules.most_common())
        _echo_err(f"rejected: {rules}; reasons in {done.report.rejects_file}")
        _listed(done.report.first_rejected, done.report.rejected, done.report.rejects_file, err=True)
        sys.exit(done.report.exit_code)


@cli.command()
@click.option("--store", "store", help="Store directory or remote store's query endpoint to serve [LOD_STORE].")
@click.option("--host", help="Interface to listen on [LOD_HOST, 127.0.0.1].")
@click.option("--port", type=click.IntRange(1, 65535), help="Port to listen on [LOD_PORT, 5000].")
def serve(store: str | None, host: str | None, port: int | None) -> None:
    """Serve the store as Linked Open Data (development server; `make serve` runs gunicorn)."""
    from werkzeug.serving import run_simple

    from .store import open_store
    from .web import create_app

    settings = _settings(store=store, host=host, port=port)
    host, port = settings.host, settings.port
    published = open_store(settings)
    published.current()  # a clear error now rather than on the first request
    _echo_err(f"serving {settings.store} at http://{host}:{port}/ (SPARQL at /sparql)")
    run_simple(host, port, create_app(settings, published), threaded=True, use_reloader=False)


@cli.command()
@click.option("--store", "store", help="Store directory whose published build to read [LOD_STORE].")
@click.option("--unresolved", is_flag=True, help="Only the names kept as written: what an archivist may rule on.")
@click.option("--name", "contains", default="", help="Only names as written that contain these words.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1), help="Names to list.")
@click.option("--json", "as_json", is_flag=True, help="The whole index as JSON.")
def names(store: str | None, unresolved: bool, contains: str, limit: int, as_json: bool) -> None:
    """List the names written on the published records by frequency, and what each resolved to.

    For each name as written: the entities it resolved to (authority files, the register of offices,
    minted from the records) or that it was kept as written, by which evidence, with example records and,
    for the ambiguous, the candidates. Rule on a name in data/authorities/names.csv and build again.
    """
    import json

    from .name_index import read_index, render
    from .store import open_store

    document = read_index(open_store(_settings(store=store)).artefacts())
    click.echo(
        json.dumps(document, ensure_ascii=False, indent=1)
        if as_json
        else render(document, unresolved=unresolved, limit=limit, contains=contains)
    )


@cli.command()
@click.option("--store", help="Store directory whose published build to read [LOD_STORE].")
@click.option("--json", "as_json", is_flag=True, help="The figures as JSON.")
@click.option("--no-volumes", is_flag=True, help="Only the fields by era, not the telegrams of each volume.")
def coverage(store: str | None, as_json: bool, no_volumes: bool) -> None:
    """Tell what the published telegrams state: telegrams per volume, and the share with each field by era.

    Fields: sender and post, addressee, number, times (and whether with a zone), receipt, classification,
    precedence, handling, cited telegrams and replies, file and archive, where repeated, drafting.
    """
    import json

    from .coverage import measure, render
    from .store import open_store

    figures = measure(open_store(_settings(store=store)).current())
    click.echo(
        json.dumps(figures.as_dict(), ensure_ascii=False, indent=1) if as_json else render(figures, not no_volumes)
    )


@cli.command()
@click.argument("checkout", type=_PATH)
@click.option("--out", type=_PATH, help="Where to write it [LOD_AUTHORITIES/pocom.json].")
@click.option("--commit", help="The POCOM commit the checkout holds (read with git when it is a clone).")
def pocom(checkout: Path, out: Path | None, commit: str | None) -> None:
    """Derive the register of offices from a checkout of POCOM (github.com/HistoryAtState/pocom).

    Reads the persons, the principal offices, the chiefs of mission and their terms into the compact
    file the build reads (data/authorities/pocom.json), with its provenance.
    """
    from .authority import pocom as derivation

    target = out or Path(_settings().authorities) / "pocom.json"
    document = derivation.derive(checkout, commit)
    derivation.write(document, target)
    counts = document["provenance"]["counts"]
    click.echo(
        f"{target}: {counts['persons']} persons, {counts['posts']} posts, {counts['terms']} terms "
        f"from {checkout} (commit {document['provenance']['commit'] or 'unknown'})"
    )


@cli.command("settings")
def show_settings() -> None:
    """List every setting, its LOD_* variable, its default and its current value."""
    current = _settings()
    for env, default, help_text in describe():
        name = env[4:].lower()
        value = getattr(current, name)
        shown = "(set)" if value and name.endswith(("password", "token")) else value
        click.echo(f"{env}={shown}\n    {help_text} (default: {default})")


def main() -> None:
    """Entry point: every error becomes a one-line message and an exit code, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(2)
    except click.exceptions.Abort:
        _echo_err("lod: aborted")
        sys.exit(130)
    except LodError as error:
        _echo_err(f"lod: error: {error}")
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        _echo_err("lod: interrupted; the published store was left as it was")
        sys.exit(130)
    except Exception as error:  # a bug: say so plainly, keep the traceback for those who ask
        try:
            debug = Settings.from_env().debug
        except LodError:  # the settings themselves are wrong: the traceback helps
            debug = True
        if debug:
            traceback.print_exc()
        _echo_err(f"lod: internal error: {type(error).__name__}: {error} (set LOD_DEBUG=1 to see the traceback)")
        sys.exit(3)
