"""Command line: `python -m meeting_ner COMMAND`, built with typer as spaCy's own CLI."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from .long_text import DEFAULT_CHUNK_CHARS, meeting_record
from .pipeline import make_doc

app = typer.Typer(
    name="meeting_ner",
    help="Extract structured records from Chinese government meeting reports.",
    no_args_is_help=True,
    add_completion=False,
)

INPUT_SUFFIXES = (".txt", ".jsonl", ".spacy")


@app.callback()
def _commands() -> None:
    """Extract structured records from Chinese government meeting reports."""


class InputError(Exception):
    """An input that cannot be read at all (a bad line in a JSONL file is not one)."""


@dataclass
class InputStats:
    """What reading the inputs skipped, to report at the end."""

    bad_lines: list[str] = field(default_factory=list)


def input_files(paths: list[Path]) -> list[Path]:
    """Every input file under `paths`, in a stable order; unreadable ones raise."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in INPUT_SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    for file in files:
        try:
            with open(file, "rb") as f:
                f.read(1)
        except OSError as err:
            raise InputError(f"{file}: cannot be read ({err.strerror})") from None
    return files


def read_inputs(files: list[Path], stats: InputStats) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
    """`(text, published, context)` for every document in `files`.

    A JSONL line's fields other than `text` go into the context and so into its
    record; a given `published` (or a `.spacy` Doc's own) anchors that document's dates.
    """
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    from .patterns import jsonl_objects

    for file in files:
        if file.suffix == ".jsonl":
            for source, entry, problem in jsonl_objects(file, errors="replace"):
                if entry is None:
                    stats.bad_lines.append(f"{source}: {problem}")
                    continue
                if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
                    stats.bad_lines.append(f"{source}: no string field 'text'")
                    continue
                context = {k: v for k, v in entry.items() if k != "text"}
                context["source"] = source
                published = entry.get("published")
                yield (
                    entry["text"],
                    published if isinstance(published, str) and published else None,
                    context,
                )
        elif file.suffix == ".spacy":
            for number, doc in enumerate(DocBin().from_disk(file).get_docs(Vocab()), start=1):
                yield doc.text, doc._.published, {"source": f"{file}#{number}"}
        else:
            text = file.read_text(encoding="utf-8", errors="replace")
            yield text, None, {"source": str(file)}


_WORKER_NLP: Any = None
_WORKER_CHUNK_CHARS: int = DEFAULT_CHUNK_CHARS


def _record_line(item: tuple[str, str | None, dict[str, Any]]) -> tuple[str | None, str | None]:
    """In a worker: one document to its JSON record line, or the error it raised.

    A document longer than `--chunk-chars` is run chunk by chunk (`long_text`), so a
    megabyte dump never becomes one giant Doc; the record has the same fields.
    """
    text, published, context = item
    try:
        record = dict(context)
        record.update(meeting_record(_WORKER_NLP, text, published, chunk_chars=_WORKER_CHUNK_CHARS))
        return json.dumps(record, ensure_ascii=False), None
    except Exception as err:  # one bad document must not stop a corpus run
        return None, f"{context.get('source')}: {type(err).__name__}: {err}"


def _load_worker(segmenter: str, chunk_chars: int = DEFAULT_CHUNK_CHARS) -> None:
    import spacy

    global _WORKER_NLP, _WORKER_CHUNK_CHARS
    _WORKER_NLP = spacy.load("meeting_ner", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    _WORKER_CHUNK_CHARS = chunk_chars


def record_lines(
    nlp: Any,
    inputs: Iterator[tuple[str, str | None, dict[str, Any]]],
    n_process: int,
    batch_size: int,
    chunk_chars: int = DEFAULT_CHUNK_CHARS,
) -> Iterator[tuple[str | None, str | None]]:
    """`(record line, None)` or `(None, error)` per document, in input order.

    Worker processes send back the records, not Docs: a Doc is a hundred times larger
    than its record, and shipping it back costs more than the pipeline itself. A
    document longer than `chunk_chars` characters is run in chunks of at most that
    many (see `long_text.meeting_record`).
    """
    import multiprocessing

    global _WORKER_NLP, _WORKER_CHUNK_CHARS
    _WORKER_NLP = nlp
    _WORKER_CHUNK_CHARS = chunk_chars
    if n_process <= 1:
        yield from map(_record_line, inputs)
        return
    if "fork" in multiprocessing.get_all_start_methods():
        pool = multiprocessing.get_context("fork").Pool(n_process)  # workers inherit the pipeline
    else:
        segmenter = nlp.tokenizer.segmenter
        pool = multiprocessing.get_context("spawn").Pool(n_process, _load_worker, (segmenter, chunk_chars))
    with pool:
        yield from pool.imap(_record_line, inputs, chunksize=max(1, batch_size))


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Folders or files: .txt, .jsonl (a 'text' field), .spacy."),
    output: Path = typer.Option(..., "--output", "-o", help="JSONL file to write, one record a document."),
    n_process: int = typer.Option(1, "--n-process", "-n", help="Processes to use."),
    batch_size: int = typer.Option(32, "--batch-size", "-b", help="Documents per batch."),
    segmenter: str = typer.Option("char", help="'char' (fastest; records do not depend on it) or 'pkuseg'."),
    engine: str = typer.Option(
        "local", help="'local' (this machine) or 'spark' (JSONL or Parquet in and out)."
    ),
    master: str = typer.Option("local[*]", help="Spark master URL, with --engine spark."),
    chunk_chars: int = typer.Option(
        DEFAULT_CHUNK_CHARS,
        "--chunk-chars",
        min=1,
        help="(local engine) A longer document is run in chunks of at most this many characters, cut at line "
        "or sentence ends, and their records merged: memory stays bounded whatever its size.",
    ),
) -> None:
    """Write one meeting record per document: date, organizers, chairs, speakers, format,
    title, published, officials with their posts, and the requirement lists."""
    import spacy
    from tqdm import tqdm

    if engine == "spark":
        from .spark import run_spark_extract

        try:
            written, bad = run_spark_extract(paths, output, master=master, segmenter=segmenter)
        except (ImportError, InputError) as err:
            typer.echo(f"meeting_ner extract: {err}", err=True)
            raise typer.Exit(2) from None
        typer.echo(f"{written} records written to {output}" + (f", {bad} bad rows" if bad else ""), err=True)
        return
    if engine != "local":
        typer.echo(f"meeting_ner extract: --engine must be 'local' or 'spark', not {engine!r}", err=True)
        raise typer.Exit(2)

    try:
        files = input_files(paths)
    except InputError as err:
        typer.echo(f"meeting_ner extract: {err}", err=True)
        raise typer.Exit(2) from None
    nlp = spacy.load("meeting_ner", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    stats = InputStats()
    failures: list[str] = []
    output.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    progress = tqdm(desc="documents", unit="doc", disable=not sys.stderr.isatty(), file=sys.stderr)
    with open(output, "w", encoding="utf-8") as out:
        for line, error in record_lines(nlp, read_inputs(files, stats), n_process, batch_size, chunk_chars):
            if line is not None:
                out.write(line + "\n")
                written += 1
            else:
                failures.append(error or "unknown error")
            progress.update()
    progress.close()
    for problem in stats.bad_lines:
        typer.echo(f"skipped {problem}", err=True)
    for failure in failures:
        typer.echo(f"failed in the pipeline: {failure}", err=True)
    typer.echo(
        f"{written} records written to {output}"
        + (f", {len(stats.bad_lines)} bad lines skipped" if stats.bad_lines else ""),
        err=True,
    )
    if failures:
        raise typer.Exit(1)


@app.command()
def visualize(
    paths: list[Path] = typer.Argument(..., help="Folders or files: .txt, .jsonl (a 'text' field), .spacy."),
    output: Path = typer.Option(Path("report.html"), "--output", "-o", help="HTML file to write."),
    limit: int = typer.Option(200, help="At most this many documents on the page."),
) -> None:
    """Write an HTML page (displaCy) with each document's entities, list items and
    meeting record side by side, to check the output by eye."""
    import spacy
    from tqdm import tqdm

    from .report import render_page

    try:
        files = input_files(paths)
    except InputError as err:
        typer.echo(f"meeting_ner visualize: {err}", err=True)
        raise typer.Exit(2) from None
    nlp = spacy.load("meeting_ner", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    stats = InputStats()
    inputs = (
        (make_doc(nlp, text, published), context)
        for _, (text, published, context) in zip(range(limit), read_inputs(files, stats))
    )
    docs = tqdm(nlp.pipe(inputs, as_tuples=True), desc="documents", disable=not sys.stderr.isatty())
    page = render_page((doc, context["source"]) for doc, context in docs)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    typer.echo(f"report written to {output}", err=True)


@app.command()
def audit(
    paths: list[Path] = typer.Argument(..., help="Folders or files: .txt, .jsonl (a 'text' field), .spacy."),
    examples: int = typer.Option(5, help="Examples shown per kind."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of the table."),
) -> None:
    """Count suspect output on pages without gold (an AGENCY opening with a verb, an
    OFFICIAL without a surname, a date after publication, empty fields), with examples:
    a precision check on unseen reports."""
    import spacy
    from tqdm import tqdm

    from .audit import audit as run_audit

    try:
        files = input_files(paths)
    except InputError as err:
        typer.echo(f"meeting_ner audit: {err}", err=True)
        raise typer.Exit(2) from None
    nlp = spacy.load("meeting_ner", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    stats = InputStats()
    inputs = (
        (make_doc(nlp, text, published), context["source"])
        for text, published, context in read_inputs(files, stats)
    )
    report = run_audit(
        nlp,
        inputs,
        examples=examples,
        progress=lambda docs: tqdm(
            docs, desc="documents", unit="doc", disable=not sys.stderr.isatty(), file=sys.stderr
        ),
    )
    for problem in stats.bad_lines:
        typer.echo(f"skipped {problem}", err=True)
    typer.echo(json.dumps(report.as_dict(), ensure_ascii=False) if as_json else report.format_table())


@app.command()
def bench(
    paths: list[Path] = typer.Argument(None, help="Folders or .txt files to measure on (default: corpus/)."),
    size: int = typer.Option(
        2_000_000, help="Characters to measure on: the texts are repeated to this size."
    ),
    repeat: int = typer.Option(3, help="Runs per figure; the median is reported."),
    n_process: bool = typer.Option(True, help="Also measure nlp.pipe(n_process=2)."),
    hostile_size: int = typer.Option(200_000, help="Characters of each hostile input."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of the table."),
) -> None:
    """Measure throughput (against spacy.blank("zh")), each component's share of the
    time, scaling with document length, hostile input, load time and peak memory."""
    from .bench import format_table, run_bench

    paths = paths or [Path("corpus")]
    try:
        report = run_bench(
            paths, target_chars=size, repeat=repeat, n_process=n_process, hostile_chars=hostile_size
        )
    except (OSError, ValueError) as err:
        typer.echo(f"meeting_ner bench: {err}", err=True)
        raise typer.Exit(2) from None
    typer.echo(json.dumps(report, ensure_ascii=False) if as_json else format_table(report))


def main() -> None:
    """Entry point of the `meeting-ner` script."""
    app()
