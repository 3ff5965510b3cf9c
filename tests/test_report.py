"""The HTML report, opened in a real browser (Debian's headless Chromium)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from conftest import CORPUS, ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs Debian's chromium)")
def test_report_shows_entities_lists_and_records_in_a_browser(tmp_path, nlp_char):
    sources = [CORPUS / "seeds" / "000_fd89d357c9e5bb43.txt", CORPUS / "dev" / "dev-13.txt"]
    report = tmp_path / "report.html"
    subprocess.run(
        [sys.executable, "-m", "meeting_ner", "visualize", *map(str, sources), "-o", str(report)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    dom = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", report.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert dom.count('<section class="document">') == 2
    docs = [nlp_char(p.read_text(encoding="utf-8")) for p in sources]
    # Every entity the pipeline found is marked on the page with its label.
    marks = re.findall(r'<mark class="entity"[^>]*>\s*(.*?)\s*<span[^>]*>(\w+)</span>', dom, flags=re.S)
    assert sorted(marks) == sorted((e.text, e.label_) for d in docs for e in d.ents)
    # List items are shown as spans, and each record sits beside its text.
    n_items = sum(len(d.spans.get("enumeration", [])) for d in docs)
    assert dom.count("list ") >= n_items
    for doc in docs:
        for chair in doc._.meeting["chairs"]:
            assert re.search(rf'data-field="chairs">[^<]*{chair}', dom)
