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
