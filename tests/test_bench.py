"""The benchmark runs and reports every figure it promises (its numbers are not judged here)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import CORPUS, ROOT


def test_bench_reports_every_figure():
    result = subprocess.run(
        [sys.executable, "-m", "meeting_ner", "bench", str(CORPUS / "seeds"), "--size", "20000",
         "--repeat", "1", "--hostile-size", "2000", "--no-n-process", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["chars"] >= 20000 and report["blank_zh"]["chars_per_s"] > 0
    for segmenter in ("char", "pkuseg"):
        figures = report[segmenter]
        assert figures["pipeline"]["chars_per_s"] > 0 and figures["tokenizer"]["ratio_to_blank"] > 0
        assert set(figures["shares"]) >= {"tokenizer", "meeting_entities", "meeting_record"}
        assert abs(sum(figures["shares"].values()) - 1) < 0.01
        assert figures["scaling"]["ten_x_over_one"] > 0
        assert set(figures["hostile"]) >= {"normal_s", "ordinals", "brackets", "no_punctuation"}
        assert 0 < figures["process"]["load_s"] and 0 < figures["process"]["peak_rss_mb"]


def test_batches_keep_every_text_in_order(corpus_texts):
    from meeting_ner.bench import batches

    parts = batches(corpus_texts, chars=5000)
    assert [t for part in parts for t in part] == list(corpus_texts)
    assert all(sum(map(len, part)) >= 5000 for part in parts[:-1])
    assert all(sum(map(len, part[:-1])) < 5000 for part in parts)


def test_paired_runs_take_each_part_in_turn():
    from meeting_ner.bench import paired_seconds

    seen: list[tuple[str, tuple[str, ...]]] = []
    parts = [["a", "b"], ["c"], ["d"]]
    runs = [lambda part, k=k: seen.append((k, tuple(part))) for k in ("blank", "pipeline")]
    times = paired_seconds(runs, parts, repeat=2)
    assert len(times) == 2 and all(len(t) == 2 and min(t) >= 0 for t in times)
    one_round = [(k, tuple(p)) for p in parts for k in ("blank", "pipeline")]
    assert seen == one_round * 2
