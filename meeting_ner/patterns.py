"""Pattern files: JSONL vocabularies that feed the rule components.

One JSON object a line: `{"label": KIND, "pattern": TEXT}` with optional fields a
component documents (`"id"`, `"value"`, ...). Each component says which labels it
knows. A bad line fails at `initialize` with its file, line and what is wrong; nothing
in a pattern file is ever executed (plain JSON, no eval, no pickle).
"""

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from spacy.util import registry

from .resources import data_dir

PatternType = dict[str, Any]


class PatternError(ValueError):
    """A pattern that cannot be used, with where it came from."""


def where(pattern: PatternType) -> str:
    """'file:line: ' for a pattern read from a file, '' for one added in code."""
    source = pattern.get("source")
    return f"{source}: " if source else ""


def jsonl_objects(path: str | Path, errors: str = "strict") -> Iterator[tuple[str, Any, str | None]]:
    """`(source, object, problem)` for every non-blank line of a JSONL file, where
    source is 'file:line' and problem is None or why the line is no JSON object."""
    with open(path, encoding="utf-8", errors=errors) as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            source = f"{path}:{number}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                yield source, None, f"not valid JSON ({err.msg})"
                continue
            yield source, obj, None if isinstance(obj, dict) else "a JSON object is needed"


def read_jsonl(path: str | Path) -> list[PatternType]:
    """The patterns of one JSONL file, each tagged with `source` = 'file:line'."""
    path = Path(path)
    if not path.is_file():
        raise PatternError(f"{path}: pattern file does not exist")
    patterns = []
    for source, obj, problem in jsonl_objects(path):
        if problem is not None:
            raise PatternError(f"{source}: {problem if obj is None else 'a pattern must be a JSON object'}")
        obj.setdefault("source", source)
        patterns.append(obj)
    return patterns


def validate(patterns: Iterable[PatternType], labels: Sequence[str], component: str) -> list[PatternType]:
    """Check every pattern for `component`: a known label and a non-empty text."""
    checked = []
    for pattern in patterns:
        if not isinstance(pattern, dict):
            raise PatternError(f"{component}: a pattern must be a dict, not {pattern!r}")
        label = pattern.get("label")
        if label not in labels:
            raise PatternError(
                f"{where(pattern)}{component}: unknown label {label!r} (known: {', '.join(labels)})"
            )
        text = pattern.get("pattern")
        if not isinstance(text, str) or not text.strip():
            raise PatternError(f"{where(pattern)}{component}: empty or missing 'pattern'")
        checked.append(pattern)
    return checked


@registry.readers("meeting_ner.read_patterns.v1")
def read_patterns(
    name: str | Sequence[str] | None = None, paths: Sequence[str] = (), lexicons: Sequence[str] = ()
) -> list[PatternType]:
    """The shipped patterns `patterns/NAME/*.jsonl` (or `patterns/NAME.jsonl`) of one
    name or several (`["dates", "datelines"]`: words two components share live in one
    file), the vocabularies read from other packages (`lexicons`, see
    `meeting_ner.lexicons`), then the users' own files or folders in `paths`."""
    from .lexicons import lexicon_patterns  # it needs this module

    files: list[Path] = []
    base = data_dir("patterns")
    for one in [name] if isinstance(name, str) else name or ():
        files.extend(_jsonl_files(base / one) if (base / one).is_dir() else [base / f"{one}.jsonl"])
    own: list[Path] = []
    for path in paths:
        own.extend(_jsonl_files(Path(path)) if Path(path).is_dir() else [Path(path)])
    patterns = [pattern for file in files for pattern in read_jsonl(file)]
    for lexicon in lexicons:
        patterns.extend(lexicon_patterns(lexicon))
    return patterns + [pattern for file in own for pattern in read_jsonl(file)]


def alternation(words: Iterable[str]) -> str:
    """A regex that matches any of `words`, the longest that fits first, as a
    longest-first alternation does (`省委书记|省委|省长`), backtracking included; ""
    for no words. Every rule component builds its word matchers with it.

    It is written as a trie (`省(?:委(?:书记)?|长)`): `re` tries the words of an
    alternation one by one, so hundreds of words cost hundreds of tries at every
    place. The words that match at one place are prefixes of each other, one path of
    the trie, and the trie tries them from the longest down.
    """
    trie: dict[str, dict] = {}
    for word in {w for w in words if w}:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, dict]) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body  # greedy: the longer words first


def _jsonl_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.jsonl"))


@registry.readers("meeting_ner.read_words.v1")
def read_words(name: str, labels: Sequence[str] = ()) -> list[str]:
    """The texts of the shipped patterns `name` with one of `labels` (all if empty):
    whole words, for the segmenter's user dictionary."""
    return sorted({p["pattern"] for p in read_patterns(name) if not labels or p.get("label") in labels})
