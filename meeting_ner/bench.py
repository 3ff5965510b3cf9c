"""Throughput, scaling, load time and memory of the pipeline, measured on this machine.

Figures are medians of several runs, and every speed is also given as a ratio to
`spacy.blank("zh")` on the same texts, so that machines compare. The ratios are
medians of ratios taken within one round, as a shared machine's speed drifts by more
than the differences measured: within a round blank, tokenizer and pipeline each take
a batch of documents (about 40,000 characters) before any takes the next, and
one-process figures count the CPU time of this process, not the time it waited for
another. On the 2-core development machine this brought the spread of the char
pipeline's ratio between runs from about ±12% to ±3%. Figures with several processes
(`n_process=2`, load time) are wall-clock times.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

SEGMENTERS = ("char", "pkuseg")
HOSTILE = {
    "ordinals": "一是二是三是四是五是六是七是八是九是十是",
    "brackets": "((((((((((",
    "no_punctuation": "会议强调各地各校要切实提高政治站位坚持问题导向压实工作责任",
}

_CHILD = """
import json, sys, time
start = time.perf_counter()
import spacy
nlp = spacy.load("meeting_ner", config={"nlp": {"tokenizer": {"segmenter": sys.argv[1]}}})
loaded = time.perf_counter() - start
nlp(sys.stdin.read())
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec.
status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines() if ":" in line)
print(json.dumps({"load_s": loaded, "peak_rss_mb": int(status["VmHWM"].split()[0]) / 1024}))
"""


def corpus_texts(paths: Sequence[Path], target_chars: int) -> list[str]:
    """The texts of `paths` (.txt files, or folders of them), repeated to `target_chars`."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.txt")) if path.is_dir() else [path])
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    texts = [t for t in texts if t.strip()]
    if not texts:
        raise ValueError("no text to measure on")
    out: list[str] = []
    while sum(map(len, out)) < target_chars:
        out.extend(texts)
    return out


def consume(docs: Iterable[Any]) -> None:
    """Run through `docs` keeping none, as a job over millions of pages does: every
    figure is taken so, blank's included, so that none pays for holding the others."""
    deque(docs, maxlen=0)


# The clocks: CPU time of this process for what runs in it, wall-clock time where
# other processes do the work (n_process) or where start-up is what is measured.
CPU = time.process_time
WALL = time.perf_counter
BATCH_CHARS = 40_000


def median_seconds(run: Callable[[], Any], repeat: int, clock: Callable[[], float] = CPU) -> float:
    times = []
    for _ in range(repeat):
        start = clock()
        run()
        times.append(clock() - start)
    return statistics.median(times)


def interleaved_seconds(
    runs: Sequence[Callable[[], Any]], repeat: int, clock: Callable[[], float] = CPU
) -> list[list[float]]:
    """The seconds of each of `runs`, run one after the other in each of `repeat`
    rounds: one list per run. Figures to be compared are taken in the same round, so
    that a machine that speeds up or slows down over minutes moves all of them alike."""
    return paired_seconds([lambda _, run=run: run() for run in runs], [()], repeat, clock)


def batches(texts: Sequence[str], chars: int = BATCH_CHARS) -> list[list[str]]:
    """`texts` in consecutive batches of about `chars` characters."""
    out: list[list[str]] = [[]]
    size = 0
    for text in texts:
        if size >= chars:
            out.append([])
            size = 0
        out[-1].append(text)
        size += len(text)
    return out


def paired_seconds(
    runs: Sequence[Callable[[Sequence[str]], Any]],
    parts: Sequence[Sequence[str]],
    repeat: int,
    clock: Callable[[], float] = CPU,
) -> list[list[float]]:
    """The seconds of each of `runs` over all of `parts`, in each of `repeat` rounds:
    one list of round totals per run. Within a round every run takes one of `parts`
    before any takes the next, so that the figures compared were taken within a
    fraction of a second of each other."""
    times: list[list[float]] = [[0.0] * repeat for _ in runs]
    for round_ in range(repeat):
        for part in parts:
            for run, spent in zip(runs, times):
                start = clock()
                run(part)
                spent[round_] += clock() - start
    return times


def median_ratio(numerators: Sequence[float], denominators: Sequence[float]) -> float:
    """The median of the per-round ratios `numerators[i] / denominators[i]`."""
    return round(statistics.median(a / b for a, b in zip(numerators, denominators)), 3)


def _rate(chars: int, docs: int, seconds: float, ratio: float | None = None) -> dict[str, float]:
    rate = {
        "seconds": round(seconds, 4),
        "chars_per_s": round(chars / seconds),
        "docs_per_s": round(docs / seconds, 1),
    }
    if ratio is not None:
        rate["ratio_to_blank"] = ratio
    return rate


def component_shares(nlp: Any, texts: Sequence[str]) -> dict[str, float]:
    """Each step's share of the whole pipeline's time, tokenizer included."""
    spent = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    for text in texts:
        start = CPU()
        doc = nlp.make_doc(text)
        spent["tokenizer"] += CPU() - start
        for name, proc in nlp.pipeline:
            start = CPU()
            doc = proc(doc)
            spent[name] += CPU() - start
    total = sum(spent.values()) or 1.0
    return {name: round(seconds / total, 3) for name, seconds in spent.items()}


def load_and_memory(segmenter: str, sample: str, repeat: int = 3) -> dict[str, float]:
    """Load time (median) and peak RSS (largest) of `repeat` fresh processes that each
    load the pipeline and run it once."""
    runs = []
    for _ in range(max(1, repeat)):
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, segmenter],
            input=sample,
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    return {
        "load_s": round(statistics.median(r["load_s"] for r in runs), 3),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs), 3),
    }


def run_bench(
    paths: Sequence[Path],
    target_chars: int = 2_000_000,
    repeat: int = 3,
    n_process: bool = True,
    hostile_chars: int = 200_000,
) -> dict:
    """Every figure of the benchmark, as one dict."""
    import spacy

    from .cli import record_lines

    texts = corpus_texts(paths, target_chars)
    chars, docs = sum(map(len, texts)), len(texts)
    blank = spacy.blank("zh")

    parts = batches(texts)

    def run_blank(part: Sequence[str]) -> None:
        consume(map(blank, part))

    blank_times: list[float] = []  # taken in the rounds of both segmenters
    report: dict[str, Any] = {
        "chars": chars,
        "docs": docs,
        "repeat": repeat,
        "hostile_chars": hostile_chars,
        "blank_zh": {},
    }
    unit = max(texts, key=len)
    items = [(t, None, {}) for t in texts]
    big = "\n".join([unit] * 10)
    hostile_len = hostile_chars
    normal = ("".join(texts) * 2)[:hostile_len]
    for segmenter in SEGMENTERS:
        nlp = spacy.load("meeting_ner", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
        figures: dict[str, Any] = {}
        blank_t, tok_t, pipe_t = paired_seconds(
            [
                run_blank,
                lambda part, nlp=nlp: consume(map(nlp.make_doc, part)),
                lambda part, nlp=nlp: consume(nlp.pipe(part)),
            ],
            parts,
            repeat,
        )
        blank_times += blank_t
        tok_s, pipe_s = statistics.median(tok_t), statistics.median(pipe_t)
        figures["tokenizer"] = _rate(chars, docs, tok_s, median_ratio(blank_t, tok_t))
        figures["pipeline"] = _rate(chars, docs, pipe_s, median_ratio(blank_t, pipe_t))
        figures["pipeline_to_tokenizer"] = median_ratio(tok_t, pipe_t)
        figures["shares"] = component_shares(nlp, texts[: max(1, len(texts) // 4)])
        if n_process:
            one_s = median_seconds(lambda nlp=nlp: consume(nlp.pipe(texts)), 1, WALL)
            two_s = median_seconds(
                lambda nlp=nlp: consume(nlp.pipe(texts, n_process=2, batch_size=16)), 1, WALL
            )
            speedup = round(one_s / two_s, 3)
            # as a ratio to blank: the one-process ratio (CPU time) times the wall-clock speed-up
            figures["n_process_2"] = _rate(
                chars, docs, two_s, round(figures["pipeline"]["ratio_to_blank"] * speedup, 3)
            )
            figures["n_process_2_speedup"] = speedup
            # What `extract -n 2` does: workers send back records, not Docs.
            one_s = median_seconds(lambda nlp=nlp: list(record_lines(nlp, iter(items), 1, 16)), 1, WALL)
            two_s = median_seconds(lambda nlp=nlp: list(record_lines(nlp, iter(items), 2, 16)), 1, WALL)
            figures["records_n_process_2_speedup"] = round(one_s / two_s, 3)
        figures["scaling"] = scaling(nlp, unit, big, repeat)
        normal_s = median_seconds(lambda nlp=nlp: nlp(normal), repeat)
        figures["hostile"] = {"normal_s": round(normal_s, 4)}
        for name, piece in HOSTILE.items():
            hostile = (piece * (hostile_len // len(piece) + 1))[:hostile_len]
            seconds = median_seconds(lambda nlp=nlp, hostile=hostile: nlp(hostile), repeat)
            figures["hostile"][name] = {
                "seconds": round(seconds, 4),
                "over_normal": round(seconds / normal_s, 2),
            }
        figures["process"] = load_and_memory(segmenter, unit, repeat)
        report[segmenter] = figures
    blank_s = statistics.median(blank_times)
    report["blank_zh"] = {
        **_rate(chars, docs, blank_s, 1.0),
        "ten_x_over_one": scaling(blank, unit, big, repeat)["ten_x_over_one"],
    }
    if n_process:
        # spaCy's own pipeline through the same transport (each Doc serialized in a
        # worker, deserialized in the parent): what nlp.pipe(n_process=2) can give here.
        one_s = median_seconds(lambda: consume(blank.pipe(texts)), 1, WALL)
        two_s = median_seconds(lambda: consume(blank.pipe(texts, n_process=2, batch_size=16)), 1, WALL)
        report["blank_zh"]["n_process_2_speedup"] = round(one_s / two_s, 3)
    return report


def scaling(nlp: Any, unit: str, big: str, repeat: int) -> dict[str, float]:
    """One document of ten times `unit` against `unit`: the time of one `unit` is taken
    from ten of them in a row (one short run is too noisy), in the same rounds as `big`."""
    ten_docs, ten_x = interleaved_seconds(
        [lambda: [nlp(unit) for _ in range(10)], lambda: nlp(big)], max(repeat, 5)
    )
    return {
        "unit_chars": len(unit),
        "one_doc_s": round(statistics.median(ten_docs) / 10, 4),
        "ten_docs_s": round(statistics.median(ten_docs), 4),
        "one_10x_doc_s": round(statistics.median(ten_x), 4),
        "ten_x_over_one": round(10 * median_ratio(ten_x, ten_docs), 2),
    }


def format_table(report: dict) -> str:
    """The figures as a plain-text table."""
    lines = [
        f"{report['chars']:,} characters in {report['docs']} documents; medians of {report['repeat']} runs",
        "",
        f"{'what':34}{'chars/s':>12}{'docs/s':>10}{'× blank':>9}",
        f"{'spacy.blank(zh)':34}{report['blank_zh']['chars_per_s']:>12,}{report['blank_zh']['docs_per_s']:>10}{1.0:>9.2f}",
    ]
    for segmenter in SEGMENTERS:
        figures = report[segmenter]
        for part in ("tokenizer", "pipeline", "n_process_2"):
            if part in figures:
                rate = figures[part]
                ratio = rate.get("ratio_to_blank", report["blank_zh"]["seconds"] / rate["seconds"])
                label = f"{segmenter}: {part.replace('_', ' ')}"
                lines.append(f"{label:34}{rate['chars_per_s']:>12,}{rate['docs_per_s']:>10}{ratio:>9.2f}")
    lines.append("")
    for segmenter in SEGMENTERS:
        figures = report[segmenter]
        scaling, hostile, process = figures["scaling"], figures["hostile"], figures["process"]
        shares = ", ".join(f"{k} {v:.0%}" for k, v in figures["shares"].items())
        lines += [
            f"[{segmenter}] pipeline / tokenizer alone: {figures['pipeline_to_tokenizer']:.2f}",
            f"[{segmenter}] time shares: {shares}",
            f"[{segmenter}] 10x document / 1x document: {scaling['ten_x_over_one']:.1f} "
            f"(spacy.blank(zh): {report['blank_zh']['ten_x_over_one']:.1f})",
            f"[{segmenter}] hostile {report['hostile_chars']:,} chars / normal text: "
            + ", ".join(f"{k} {v['over_normal']:.2f}" for k, v in hostile.items() if k != "normal_s"),
            f"[{segmenter}] load {process['load_s']:.2f} s, peak RSS {process['peak_rss_mb']:.0f} MB",
        ]
        if "n_process_2_speedup" in figures:
            lines.append(
                f"[{segmenter}] 2 processes / 1: nlp.pipe {figures['n_process_2_speedup']:.2f}, "
                f"extract (records) {figures['records_n_process_2_speedup']:.2f} "
                f"(spacy.blank(zh) nlp.pipe: {report['blank_zh']['n_process_2_speedup']:.2f})"
            )
    return "\n".join(lines)
