"""The Spark engine (issue 9): same records as the local `extract`, bad rows kept.

Runs on pyspark's local mode with one SparkSession for the module; skipped where
pyspark (the `spark` extra) or a Java runtime is missing.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, corpus_files

pyspark = pytest.importorskip("pyspark", reason='pyspark is not installed (pip install "meeting-ner[spark]")')
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip(
        "no Java runtime, which Spark needs (e.g. apt install openjdk-17-jre-headless)",
        allow_module_level=True,
    )

from pyspark.sql import Row, SparkSession  # noqa: E402

from meeting_ner.cli import InputError  # noqa: E402
from meeting_ner.spark import extract, meeting_rows, record_schema, run_spark_extract  # noqa: E402

RECORD_SCHEMA = record_schema()
PUBLISHED = {1: "2019-03-04", 7: "2023-12-29"}  # anchors given to a few documents


@pytest.fixture(scope="module")
def spark():
    previous = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("meeting_ner tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    if previous is None:
        os.environ.pop("PYSPARK_PYTHON", None)
    else:
        os.environ["PYSPARK_PYTHON"] = previous


@pytest.fixture(scope="module")
def corpus_jsonl(tmp_path_factory):
    """The seeds and dev pages as JSONL with an `id`, a few with a `published` anchor."""
    path = tmp_path_factory.mktemp("spark") / "pages.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for number, file in enumerate(corpus_files()):
            entry = {"id": file.stem, "text": file.read_text(encoding="utf-8")}
            if number in PUBLISHED:
                entry["published"] = PUBLISHED[number]
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def local_records(corpus_jsonl):
    """The single-machine `python -m meeting_ner extract` output, by id."""
    out = corpus_jsonl.with_name("local.jsonl")
    result = subprocess.run(
        [sys.executable, "-m", "meeting_ner", "extract", str(corpus_jsonl), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def without_source(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "source"}


def test_cli_jsonl_output_equals_the_local_engine(spark, corpus_jsonl, local_records, tmp_path):
    out = tmp_path / "spark.jsonl"
    written, bad = run_spark_extract([corpus_jsonl], out, master="local[2]", segmenter="char")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (written, bad) == (len(corpus_files()), 0)
    # Same order as the input, so the two files compare line by line.
    assert [r["id"] for r in records] == list(local_records)
    for record in records:
        assert without_source(record) == without_source(local_records[record["id"]])
        assert record["source"].endswith("pages.jsonl")
    anchored = [records[n] for n in PUBLISHED]
    assert [r["published"] for r in anchored] == list(PUBLISHED.values())


def test_dataframe_api_gives_typed_columns_equal_to_the_local_records(spark, corpus_jsonl, local_records):
    df = spark.read.json(str(corpus_jsonl)).repartition(3)
    out = extract(df)
    assert out.columns == ["id", *RECORD_SCHEMA.fieldNames()]
    assert out.schema["officials"].dataType == RECORD_SCHEMA["officials"].dataType
    rows = sorted((row.asDict(recursive=True) for row in out.collect()), key=lambda r: r["id"])
    assert [r["id"] for r in rows] == sorted(local_records)
    for row in rows:
        assert row.pop("error") is None
        assert row == without_source(local_records[row["id"]])
    assert any(official["posts"] for row in rows for official in row["officials"])


def test_bad_rows_come_back_with_an_error_and_none_is_dropped(spark, corpus_jsonl):
    good = corpus_files()[0].read_text(encoding="utf-8")
    short = "2023年5月8日，市政府召开常务会议，市长王建国主持会议并讲话。"
    schema = "id long, text string, published date, meta struct<site:string,rank:int>"
    rows = [
        (1, short, datetime.date(2023, 5, 9), Row(site="gov.cn", rank=1)),
        (2, None, datetime.date(2021, 1, 2), None),
        (3, good, None, Row(site=None, rank=3)),  # longer than max_length below: raises in nlp
        (None, "", None, None),
    ]
    df = spark.createDataFrame(rows, schema).repartition(6)  # several partitions are empty
    options = {"config": {"nlp": {"after_creation": {"max_length": len(short) + 10}}}}
    out = {r["id"]: r.asDict(recursive=True) for r in extract(df, **options).collect()}
    assert sorted(out, key=str) == sorted([1, 2, 3, None], key=str)
    assert out[1]["error"] is None and out[1]["chairs"] == ["王建国"]
    assert out[1]["published"] == "2023-05-09" and out[1]["meta"] == {"site": "gov.cn", "rank": 1}
    assert out[2]["error"] == "the text is null, not a string"
    assert out[2]["published"] == "2021-01-02" and out[2]["officials"] == [] and out[2]["date"] is None
    assert out[3]["error"].startswith("ValueError: [E088]") and out[3]["requirements"] == []
    assert out[3]["meta"] == {"site": None, "rank": 3}
    assert out[None]["error"] is None and out[None]["officials"] == []

    empty = extract(spark.createDataFrame([], "id long, text string"))
    assert empty.count() == 0
    numbers = extract(spark.createDataFrame([(1, 5)], "id long, text long")).collect()
    assert numbers[0]["error"] == "the text is of type int, not a string"


def test_a_document_raising_inside_a_batch_spoils_only_itself(nlp_char):
    import spacy
    from spacy.language import Language

    if not Language.has_factory("test_spark_explode"):

        @Language.component("test_spark_explode")
        def explode(doc):
            if "爆" in doc.text:
                raise RuntimeError("boom")
            return doc

    nlp = spacy.load("meeting_ner", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe("test_spark_explode", first=True)
    texts = ["省委书记李明主持会议。", "爆", None, "县长张华出席会议。"]
    rows = meeting_rows(nlp, texts, [None, None, "2020-01-01", "2024-02-03"], batch_size=8)
    assert [r["error"] for r in rows] == [None, "RuntimeError: boom", "the text is null, not a string", None]
    assert rows[0]["chairs"] == nlp_char(texts[0])._.meeting["chairs"]
    assert rows[2]["published"] == "2020-01-01" and rows[3]["published"] == "2024-02-03"


def test_a_row_longer_than_chunk_chars_is_run_in_chunks(nlp_char, corpus_texts):
    from meeting_ner.long_text import meeting_record

    long_text = "\n".join(corpus_texts[:6])
    rows = meeting_rows(nlp_char, [long_text, corpus_texts[0]], [None, None], chunk_chars=5_000)
    chunked = meeting_record(nlp_char, long_text, chunk_chars=5_000)
    assert rows[0]["error"] is None and rows[0]["title"] == chunked["title"]
    assert [o["name"] for o in rows[0]["officials"]] == [o["name"] for o in chunked["officials"]]
    assert len(rows[0]["officials"]) > len(nlp_char(corpus_texts[0])._.meeting["officials"])
    assert rows[1]["chairs"] == nlp_char(corpus_texts[0])._.meeting["chairs"]


def test_cli_reads_parquet_and_folders_writes_parquet_and_counts_bad_rows(spark, corpus_jsonl, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    spark.read.json(str(corpus_jsonl)).limit(3).write.parquet(str(folder / "pages.parquet"))
    lines = [json.dumps({"id": "x", "text": "市长王建国主持会议。"}, ensure_ascii=False), "{not json", "{}"]
    (folder / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "records.parquet"
    written, bad = run_spark_extract([folder], out, master="local[2]", segmenter="char")
    assert (written, bad) == (6, 2)
    result = spark.read.parquet(str(out)).collect()
    [x] = [r for r in result if r["id"] == "x"]
    assert x["error"] is None and x["chairs"] == ["王建国"] and x["source"].endswith("more.jsonl")
    errors = sorted(r["error"] for r in result if r["error"])
    assert errors == ["not valid JSON", "the text is null, not a string"]
    assert sum(r["source"].endswith(".parquet") for r in result) == 3


def test_cli_rejects_bad_inputs_and_outputs_cleanly(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        run_spark_extract(
            [tmp_path / "missing.jsonl"], tmp_path / "o.jsonl", master="local[2]", segmenter="char"
        )
    (tmp_path / "pages.txt").write_text("会议", encoding="utf-8")
    with pytest.raises(InputError, match="reads .jsonl or .parquet"):
        run_spark_extract([tmp_path / "pages.txt"], tmp_path / "o.jsonl", master="local[2]", segmenter="char")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "meeting_ner",
            "extract",
            "--engine",
            "spark",
            str(tmp_path / "nope"),
            "-o",
            "o.jsonl",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "nope: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr
