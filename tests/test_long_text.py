"""Very large pages: chunks of the text, one merged record, memory bounded (`long_text`)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from typer.testing import CliRunner

from meeting_ner.cli import InputStats, app, make_doc, read_inputs, record_lines
from meeting_ner.long_text import meeting_record, merge_records, split_text

from conftest import CORPUS, ROOT

SENTENCE_END = tuple("。！？；!?;")
CLOSERS = tuple("”’」』）)》〉】\"'")


@pytest.fixture(scope="module")
def pages() -> list[str]:
    """Real pages: the seeds, then the dev set."""
    files = [*sorted((CORPUS / "seeds").glob("*.txt")), *sorted((CORPUS / "dev").glob("*.txt"))]
    return [p.read_text(encoding="utf-8") for p in files]


@pytest.mark.parametrize("chunk_chars", [1, 7, 500, 4000, 10**6])
def test_chunks_concatenate_to_the_text_and_stay_under_the_limit(pages, chunk_chars):
    for text in ["\n".join(pages), "".join(pages).replace("\n", ""), "", "会议" * 5000]:
        chunks = list(split_text(text, chunk_chars))
        assert "".join(chunks) == text
        assert all(len(chunk) <= chunk_chars for chunk in chunks)
        assert all(chunks) or chunks == [""]


def test_chunks_end_at_a_line_end_else_a_sentence_end_else_anywhere(pages):
    # Every line of the corpus is shorter than 2,000 characters, half of the window.
    lines = list(split_text("\n".join(pages), 4000))
    assert len(lines) > 5 and all(chunk.endswith("\n") for chunk in lines[:-1])
    sentences = list(split_text("".join(pages).replace("\n", ""), 4000))
    assert len(sentences) > 5
    assert all(chunk.rstrip("".join(CLOSERS)).endswith(SENTENCE_END) for chunk in sentences[:-1])
    assert [len(c) for c in split_text("会议" * 500, 300)] == [300, 300, 300, 100]


def test_chunk_chars_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        list(split_text("会议", 0))


def test_a_text_under_the_limit_gives_exactly_the_record_of_nlp(nlp_char, pages):
    for text in pages:
        assert meeting_record(nlp_char, text) == nlp_char(text)._.meeting
    published = "2022-03-19"
    expected = nlp_char(make_doc(nlp_char, pages[0], published))._.meeting
    assert meeting_record(nlp_char, pages[0], published, chunk_chars=len(pages[0])) == expected


def test_a_long_text_keeps_the_first_pages_headline_and_date_and_later_officials(nlp_char, pages):
    first = nlp_char(pages[1])._.meeting  # a headline, a meeting date, a publication date
    assert first["title"] and first["date"] and first["published"]
    text = "\n".join(pages[1:9])
    record = meeting_record(nlp_char, text, chunk_chars=4000)
    assert len(list(split_text(text, 4000))) >= 4
    assert set(record) == set(first)
    for key in ("title", "date", "published", "format"):
        assert record[key] == first[key]
    names = [official["name"] for official in record["officials"]]
    assert len(names) == len(set(names))
    later = {o["name"] for page in pages[5:9] for o in nlp_char(page)._.meeting["officials"]}
    assert later and later <= set(names)
    for key in ("organizers", "chairs", "speakers", "requirements"):
        assert len(record[key]) >= len(first[key])
        assert all(record[key].count(item) == 1 for item in record[key][len(first[key]) :])


def test_later_chunks_are_anchored_on_the_pages_publication_date(nlp_char):
    filler = "各单位要提高认识,压实责任,抓好落实。\n" * 300
    text = "市政府召开常务会议\n发布时间:2024-03-08\n" + filler + "3月7日,市政府召开常务会议。\n"
    chunks = list(split_text(text, 4000))
    assert len(chunks) >= 2 and "3月7日" in chunks[-1]
    record = meeting_record(nlp_char, text, chunk_chars=4000)
    assert record["published"] == "2024-03-08"
    assert record["date"] == "2024-03-07"
    assert nlp_char(chunks[-1])._.meeting["date"] != "2024-03-07"  # alone, it has no year


def test_merge_takes_first_scalars_and_adds_new_items_in_order():
    merged = merge_records(
        [
            {
                "date": None,
                "title": "A",
                "chairs": ["甲"],
                "officials": [{"name": "甲", "posts": [{"p": 1}]}],
            },
            {"date": "2024-03-07", "title": "B", "chairs": ["乙", "甲"], "officials": []},
            {
                "date": "2024-01-01",
                "title": None,
                "chairs": ["乙"],
                "officials": [{"name": "甲", "posts": [{"p": 1}, {"p": 2}]}, {"name": "乙", "posts": []}],
            },
        ]
    )
    assert merged == {
        "date": "2024-03-07",
        "title": "A",
        "chairs": ["甲", "乙"],
        "officials": [{"name": "甲", "posts": [{"p": 1}, {"p": 2}]}, {"name": "乙", "posts": []}],
    }


def test_extract_writes_one_record_line_for_a_long_txt(tmp_path, nlp_char, pages):
    text = "\n".join(pages[:10])
    source = tmp_path / "dump.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = CliRunner().invoke(app, ["extract", str(source), "-o", str(out), "--chunk-chars", "4000"])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record == {"source": str(source), **meeting_record(nlp_char, text, chunk_chars=4000)}
    # The worker processes cut and merge the same way.
    items = list(read_inputs([source], InputStats()))
    assert list(record_lines(nlp_char, iter(items), 2, 1, 4000)) == [(lines[0], None)]


_MEMORY_CHILD = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path

    import spacy

    from meeting_ner.cli import InputStats, read_inputs, record_lines

    def status(key):
        for line in open("/proc/self/status"):
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024

    nlp = spacy.load("meeting_ner", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp("3月16日,省教育厅召开全省教育系统视频会议。")
    before = status("VmRSS")
    try:  # reset the peak to the current size (Linux 4.0+)
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    start = time.perf_counter()
    lines = list(record_lines(nlp, read_inputs([Path(sys.argv[1])], InputStats()), 1, 32))
    seconds = time.perf_counter() - start
    print(json.dumps({"growth": status("VmHWM") - before, "seconds": seconds, "lines": lines}))
    """
)


@pytest.mark.slow
def test_a_twenty_megabyte_page_stays_under_ten_times_its_size(tmp_path, pages):
    unit = "\n".join(pages) + "\n"
    text = unit * (20_000_000 // len(unit.encode("utf-8")) + 1)
    source = tmp_path / "huge.txt"
    source.write_text(text, encoding="utf-8")
    size = source.stat().st_size
    assert size >= 20_000_000
    # A fresh process: ru_maxrss would carry over the parent's peak across fork and exec.
    result = subprocess.run(
        [sys.executable, "-c", _MEMORY_CHILD, str(source)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        check=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    (line, error), *others = figures["lines"]
    assert not others and error is None and json.loads(line)["officials"]
    print(f"{size:,} bytes: peak RSS growth {figures['growth']:,} bytes in {figures['seconds']:.1f} s")
    assert figures["growth"] <= 10 * size
