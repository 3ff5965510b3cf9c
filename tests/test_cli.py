"""`python -m meeting_ner extract`: inputs of every kind, bad lines, unreadable files."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import CORPUS, ROOT


def extract(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "meeting_ner", "extract", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def read_records(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_extract_folder_and_jsonl_with_a_bad_line(tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "seeds").glob("*.txt"))[:2]]
    source = tmp_path / "pages.jsonl"
    lines = [
        json.dumps({"id": "a", "url": "http://example.org/a", "text": texts[0]}, ensure_ascii=False),
        "{this is not json",
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "b", "published": "2022-03-19", "text": texts[1]}, ensure_ascii=False),
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = extract(str(source), str(CORPUS / "seeds"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    records = read_records(out)
    assert len(records) == 2 + 5
    assert [r.get("id") for r in records[:2]] == ["a", "b"]
    assert records[0]["url"] == "http://example.org/a"
    assert records[0]["source"].endswith("pages.jsonl:1") and records[1]["source"].endswith("pages.jsonl:4")
    assert all({"date", "organizers", "chairs", "speakers", "format"} <= set(r) for r in records)
    assert "2 bad lines skipped" in result.stderr
    assert ":2: not valid JSON" in result.stderr and ":3: no string field 'text'" in result.stderr


def test_extract_fails_clearly_on_a_missing_or_unreadable_input(tmp_path):
    result = extract(str(tmp_path / "missing"), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode != 0
    assert "missing: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_command_has_help():
    for command in ([], ["extract"]):
        result = subprocess.run(
            [sys.executable, "-m", "meeting_ner", *command, "--help"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0 and "Usage" in result.stdout
