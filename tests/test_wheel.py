"""The wheel an NLP team installs: built from the checkout, installed in a new venv,
loaded with no checkout in sight."""

from __future__ import annotations

import json
import subprocess
import sys
import venv

from conftest import CORPUS, ROOT


def test_wheel_installs_and_loads_without_the_checkout(tmp_path, nlp):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    wheel = next(dist.glob("meeting_ner-*.whl"))
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True, timeout=600
    )
    text = (CORPUS / "seeds" / "000_fd89d357c9e5bb43.txt").read_text(encoding="utf-8")
    probe = (
        "import json, sys, spacy\n"
        "import meeting_ner\n"
        "assert 'site-packages' in meeting_ner.__file__, meeting_ner.__file__\n"
        "nlp = spacy.load('meeting_ner')\n"
        "doc = nlp(sys.stdin.read())\n"
        "print(json.dumps([[e.start_char, e.end_char, e.label_] for e in doc.ents]))\n"
    )
    result = subprocess.run(
        [str(python), "-c", probe], input=text, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout) == [[e.start_char, e.end_char, e.label_] for e in nlp(text).ents]
