"""Run the pipeline on Spark: `extract(df)` on a DataFrame of texts, and the command
line's `extract --engine spark`.

Needs the `spark` extra (`pip install "meeting-ner[spark]"`): pyspark, pandas and
pyarrow. Nothing else in the package imports this module, so the core never needs
pyspark. Each executor's Python process builds the pipeline once (a module-level
cache keyed by the options) and keeps it across batches and tasks.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .long_text import DEFAULT_CHUNK_CHARS, meeting_record
from .pipeline import make_doc

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType
    from spacy.language import Language

#: The fields of `doc._.meeting` (see meeting.py), in the order of the output columns.
RECORD_FIELDS = (
    "date",
    "organizers",
    "chairs",
    "speakers",
    "format",
    "title",
    "published",
    "officials",
    "requirements",
)
#: Filled with what went wrong when a row could not be processed; null otherwise.
ERROR_FIELD = "error"


def _require() -> None:
    """Import what the Spark engine needs, or say how to install it."""
    try:
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as err:
        raise ImportError(
            f'the Spark engine needs the spark extra: pip install "meeting-ner[spark]" ({err})'
        ) from None


@functools.cache
def record_schema() -> StructType:
    """The Spark schema of a record: RECORD_FIELDS, then ERROR_FIELD."""
    _require()
    from pyspark.sql.types import ArrayType, StringType, StructField, StructType

    strings = ArrayType(StringType())
    post = StructType([StructField("position", StringType()), StructField("agency", StringType())])
    official = StructType([StructField("name", StringType()), StructField("posts", ArrayType(post))])
    return StructType(
        [
            StructField("date", StringType()),
            StructField("organizers", strings),
            StructField("chairs", strings),
            StructField("speakers", strings),
            StructField("format", StringType()),
            StructField("title", StringType()),
            StructField("published", StringType()),
            StructField("officials", ArrayType(official)),
            StructField("requirements", ArrayType(strings)),
            StructField(ERROR_FIELD, StringType()),
        ]
    )


_DEFAULT_OPTIONS: dict[str, Any] = {"segmenter": "char", "batch_size": 64, "config": None}
_MAX_ERROR_CHARS = 2000

# One pipeline per option set and per Python process: executors' Python workers are
# reused across tasks (spark.python.worker.reuse), so this is loaded once per worker.
_PIPELINES: dict[str, Language] = {}


# -- the DataFrame API ----------------------------------------------------------------------


def extract(df: DataFrame, text_col: str = "text", **options: Any) -> DataFrame:
    """The meeting record of every row of `df`, as typed columns.

    df: a DataFrame with a string column `text_col`; its other columns are carried
        through (those named like a record field or `error` are replaced). A string
        (or date) column `published` anchors that document's dates, as in the CLI.
    options: `segmenter` ("char", the default, or "pkuseg"; records do not depend
        on it), `batch_size` (documents per `nlp.pipe` batch, 64), `config`
        (overrides for `spacy.load`, e.g. `{"nlp": {"after_creation": {"max_length": 10**6}}}`).
    Returns one row per input row, never fewer: the carried columns, then
    the fields of `record_schema()`. A row whose text is null or not a string, or whose
    document raises in the pipeline, has `error` set and empty record fields.
    """
    _require()
    from pyspark.sql.types import StructType

    unknown = set(options) - set(_DEFAULT_OPTIONS)
    if unknown:
        raise TypeError(f"extract() got unknown options: {', '.join(sorted(unknown))}")
    if text_col not in df.columns:
        raise ValueError(f"no column {text_col!r} in the DataFrame (columns: {', '.join(df.columns)})")
    settings = {**_DEFAULT_OPTIONS, **options}
    key = json.dumps({"segmenter": settings["segmenter"], "config": settings["config"]}, sort_keys=True)
    replaced = set(record_schema().fieldNames())
    carried = [f for f in df.schema.fields if f.name != text_col and f.name not in replaced]
    schema = StructType([*carried, *record_schema().fields])
    has_published = "published" in df.columns and text_col != "published"
    function = functools.partial(
        _extract_batches,
        key=key,
        text_col=text_col,
        carried=[f.name for f in carried],
        has_published=has_published,
        batch_size=int(settings["batch_size"]),
    )
    return df.mapInPandas(function, schema)


def pipeline(key: str) -> Language:
    """The pipeline for an option set, built once per process."""
    nlp = _PIPELINES.get(key)
    if nlp is None:
        import spacy

        options = json.loads(key)
        config = {"nlp": {"tokenizer": {"segmenter": options["segmenter"]}}}
        nlp = spacy.load("meeting_ner", config=_merge(config, options["config"] or {}))
        _PIPELINES[key] = nlp
    return nlp


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for name, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(name), dict):
            merged[name] = _merge(merged[name], value)
        else:
            merged[name] = value
    return merged


def _extract_batches(
    batches: Iterator[pd.DataFrame],
    *,
    key: str,
    text_col: str,
    carried: list[str],
    has_published: bool,
    batch_size: int,
) -> Iterator[pd.DataFrame]:
    """mapInPandas body: runs in the executors' Python workers."""
    import pandas as pd

    columns = [*carried, *record_schema().fieldNames()]
    for batch in batches:
        if batch.empty:
            continue
        texts = batch[text_col].tolist()
        anchors = [_anchor(v) for v in batch["published"].tolist()] if has_published else [None] * len(texts)
        rows = meeting_rows(pipeline(key), texts, anchors, batch_size=batch_size)
        out = pd.DataFrame(rows, columns=record_schema().fieldNames(), index=batch.index)
        yield pd.concat([batch[carried], out], axis=1)[columns]


def meeting_rows(
    nlp: Language,
    texts: list[Any],
    anchors: list[str | None],
    *,
    batch_size: int = 64,
    chunk_chars: int = DEFAULT_CHUNK_CHARS,
) -> list[dict[str, Any]]:
    """One row of `record_schema()` per text, in order; failures become `error` rows.

    Documents go through `nlp.pipe` by `batch_size`; when a batch raises, its
    documents are run one by one so that only the failing ones carry the error. A text
    longer than `chunk_chars` is run in chunks (`long_text.meeting_record`), as
    `extract` does, so that one huge row cannot exhaust an executor's memory.
    """
    rows: list[dict[str, Any] | None] = [None] * len(texts)
    todo: list[int] = []

    def alone(i: int) -> dict[str, Any]:
        """One document by itself (in chunks when long), or the error it raised."""
        try:
            return _record_row(meeting_record(nlp, texts[i], anchors[i], chunk_chars=chunk_chars))
        except Exception as err:
            return _error_row(f"{type(err).__name__}: {err}"[:_MAX_ERROR_CHARS], anchors[i])

    for i, text in enumerate(texts):
        if isinstance(text, str) and len(text) > chunk_chars:
            rows[i] = alone(i)
        elif isinstance(text, str):
            todo.append(i)
        else:
            kind = "null" if _missing(text) else f"of type {type(text).__name__}"
            rows[i] = _error_row(f"the text is {kind}, not a string", anchors[i])

    for start in range(0, len(todo), batch_size):
        chunk = todo[start : start + batch_size]
        try:
            docs = nlp.pipe((make_doc(nlp, texts[i], anchors[i]) for i in chunk), batch_size=batch_size)
            for i, doc in zip(chunk, docs):
                rows[i] = _record_row(doc._.meeting or {})
        except Exception:
            for i in chunk:
                rows[i] = alone(i)
    return rows  # type: ignore[return-value]


def _record_row(meeting: dict[str, Any]) -> dict[str, Any]:
    """`doc._.meeting` shaped exactly as `record_schema()` (no extra keys, no None lists)."""
    return {
        "date": meeting.get("date"),
        "organizers": list(meeting.get("organizers") or []),
        "chairs": list(meeting.get("chairs") or []),
        "speakers": list(meeting.get("speakers") or []),
        "format": meeting.get("format"),
        "title": meeting.get("title"),
        "published": meeting.get("published"),
        "officials": [
            {
                "name": official.get("name"),
                "posts": [
                    {"position": post.get("position"), "agency": post.get("agency")}
                    for post in official.get("posts") or []
                ],
            }
            for official in meeting.get("officials") or []
        ],
        "requirements": [list(items) for items in meeting.get("requirements") or []],
        ERROR_FIELD: None,
    }


def _error_row(message: str, anchor: str | None) -> dict[str, Any]:
    row = _record_row({"published": anchor})
    row[ERROR_FIELD] = message
    return row


def _missing(value: Any) -> bool:
    import pandas as pd

    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _anchor(value: Any) -> str | None:
    """A `published` cell as the ISO date string `doc._.published` takes."""
    if isinstance(value, str):
        return value or None
    if _missing(value):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return None


# -- the command line ------------------------------------------------------------------------

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/")
_FORMATS = {".jsonl": "json", ".json": "json", ".parquet": "parquet"}


def run_spark_extract(paths: list[Path], output: Path, *, master: str, segmenter: str) -> tuple[int, int]:
    """`python -m meeting_ner extract --engine spark`: JSONL or Parquet in, one record a row out.

    paths: JSONL (a `text` field) or Parquet files, or folders of them; URIs
        (hdfs://, s3a://) are handed to Spark as they are.
    output: a `.jsonl` file (one file, written by the driver, in input order, the
        local engine's shape) or a Parquet folder (any other name, or `.parquet`).
    master: the Spark master URL; under spark-submit, spark-submit's own wins.
    Returns the records written and, of those, the rows with an error.
    """
    _require()
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType

    from .cli import InputError

    inputs = [_input(path) for path in paths]
    out = _uri(output)
    as_jsonl = out.endswith(".jsonl")
    if not as_jsonl and Path(out).suffix not in ("", ".parquet") and not _URI.match(out):
        raise InputError(f"{output}: the output must end in .jsonl or .parquet, or be a folder")
    if not as_jsonl and not _URI.match(out) and Path(out).is_file():
        raise InputError(f"{output}: is a file; Parquet output is a folder")

    spark = _session(master)
    df = _read(spark, inputs)
    if "text" not in df.columns:
        df = df.withColumn("text", F.lit(None).cast(StringType()))
    # Range-partition on the position in the input: spreads one big file over every
    # core, and keeps the input order for the JSONL output.
    partitions = max(1, spark.sparkContext.defaultParallelism) * 4
    df = df.repartitionByRange(partitions, *_ORDER).sortWithinPartitions(*_ORDER).drop(*_ORDER)
    records = extract(df, segmenter=segmenter)
    if "_corrupt_record" in records.columns:
        records = records.withColumn(
            ERROR_FIELD,
            F.when(F.col("_corrupt_record").isNotNull(), F.lit("not valid JSON")).otherwise(
                F.col(ERROR_FIELD)
            ),
        )
    if as_jsonl:
        # Compute every partition at once (toLocalIterator alone runs them one by
        # one), then hand them to the driver in order.
        records = records.persist(StorageLevel.MEMORY_AND_DISK)
        try:
            return _write_jsonl(records, Path(out))
        finally:
            records.unpersist()
    records.write.mode("overwrite").parquet(out)
    written = spark.read.parquet(out)
    return written.count(), written.filter(F.col(ERROR_FIELD).isNotNull()).count()


def _uri(path: Path) -> str:
    """`Path("s3a://b/k")` reads back as "s3a:/b/k": give URIs their `//` again."""
    text = str(path)
    if _URI.match(text) and not path.exists() and not text.startswith("file:"):
        return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*):/+", r"\1://", text)
    return text


def _input(path: Path) -> tuple[str, list[str]]:
    """(format or "" for both, the paths to read) of one command line argument."""
    from .cli import InputError

    text = _uri(path)
    if _URI.match(text):
        return _FORMATS.get(Path(text).suffix, ""), [text]
    if path.is_dir():
        files = sorted(str(p) for p in path.rglob("*") if p.is_file() and p.suffix in _FORMATS)
        if not files:
            raise InputError(f"{path}: no .jsonl or .parquet file in this folder")
        return "", files
    if not path.is_file():
        raise InputError(f"{path}: no such file or folder")
    if path.suffix not in _FORMATS:
        raise InputError(f"{path}: the Spark engine reads .jsonl or .parquet files")
    try:
        with open(path, "rb") as f:
            f.read(1)
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror})") from None
    return _FORMATS[path.suffix], [str(path)]


def _session(master: str) -> SparkSession:
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("meeting_ner extract")
    if "PYSPARK_GATEWAY_PORT" not in os.environ:  # not under spark-submit
        builder = builder.master(master)
        if master.startswith("local"):
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        builder.config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "512")
        .getOrCreate()
    )


def _read(spark: SparkSession, inputs: list[tuple[str, list[str]]]) -> DataFrame:
    from pyspark.errors import AnalysisException

    from .cli import InputError

    by_format: dict[str, list[str]] = {"json": [], "parquet": []}
    remote_folders: list[str] = []
    for fmt, files in inputs:
        if fmt:
            by_format[fmt].extend(files)
        elif files and _URI.match(files[0]):
            remote_folders.extend(files)
        else:
            for file in files:
                by_format[_FORMATS[Path(file).suffix]].append(file)
    frames = []
    try:
        if by_format["json"]:
            frames.append(spark.read.json(by_format["json"]))
        if by_format["parquet"]:
            frames.append(spark.read.parquet(*by_format["parquet"]))
        for folder in remote_folders:
            for fmt, glob in (("json", "*.jsonl"), ("parquet", "*.parquet")):
                reader = spark.read.option("recursiveFileLookup", "true").option("pathGlobFilter", glob)
                try:
                    frames.append(reader.format(fmt).load(folder))
                except AnalysisException:
                    continue
        if not frames:
            raise InputError("no .jsonl or .parquet input found")
        frames = [_with_position(frame) for frame in frames]
        df = frames[0]
        for frame in frames[1:]:
            df = df.unionByName(frame, allowMissingColumns=True)
        return df
    except AnalysisException as err:
        raise InputError(f"Spark cannot read the inputs: {err}") from None


_ORDER = ("_meeting_ner_file", "_meeting_ner_block", "_meeting_ner_row")


def _with_position(df: DataFrame) -> DataFrame:
    """`source` (the file) and where each row sits in the input, to keep its order."""
    from pyspark.sql import functions as F

    path = F.col("_metadata.file_path")
    return df.select(
        *(c for c in df.columns if c != "source"),
        F.regexp_replace(path, "^file:(//)?", "").alias("source"),
        path.alias(_ORDER[0]),
        F.col("_metadata.file_block_start").alias(_ORDER[1]),
        F.monotonically_increasing_id().alias(_ORDER[2]),
    )


def _write_jsonl(records: DataFrame, output: Path) -> tuple[int, int]:
    """One JSONL file, rows in partition order, the local engine's shape: carried
    fields that are null (absent from that JSON line) are left out, and so is
    `error` when there is none."""
    from pyspark.sql import functions as F

    output.parent.mkdir(parents=True, exist_ok=True)
    carried = set(records.columns) - set(record_schema().fieldNames())
    written, bad = records.count(), records.filter(F.col(ERROR_FIELD).isNotNull()).count()
    with open(output, "w", encoding="utf-8") as out:
        for row in records.toLocalIterator(prefetchPartitions=True):
            record = {
                name: value
                for name, value in row.asDict(recursive=True).items()
                if value is not None or (name not in carried and name != ERROR_FIELD)
            }
            out.write(json.dumps(record, ensure_ascii=False, default=_json_default) + "\n")
    return written, bad


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", errors="replace")
    return str(value)
