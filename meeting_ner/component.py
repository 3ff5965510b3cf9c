"""What every rule component of the pipeline shares, after spaCy's `SpanRuler`.

Patterns arrive through `initialize` (fed by `meeting_ner.read_patterns.v1` from the
config) or `add_patterns`, are validated there, and are written by `to_disk` /
`to_bytes`, so an assembled pipeline folder needs nothing else. A subclass names its
pattern labels, compiles its patterns in `_compile`, and splits its work into
`match(doc)` (find, on the normalized view) and `set_annotations(doc, matches)`.
"""

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

import srsly
from spacy import util
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import SimpleFrozenList
from spacy.vocab import Vocab

from .patterns import PatternType, validate


class RuleComponent(Pipe):
    """A pipeline component driven by pattern vocabularies."""

    #: The pattern labels this component knows; any other is an error.
    PATTERN_LABELS: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        vocab: Vocab,
        name: str,
        *,
        scorer: Callable[..., dict[str, Any]] | None = None,
    ) -> None:
        self.vocab = vocab
        self.name = name
        self.scorer = scorer
        self._patterns: list[PatternType] = []
        self._compile()

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.match(doc)) or doc

    def match(self, doc: Doc) -> Any:
        """Find what this component annotates; no change to the Doc."""
        raise NotImplementedError

    def set_annotations(self, doc: Doc, matches: Any) -> Doc | None:
        """Write what `match` found to the Doc. Returns the Doc to pass on when
        splitting tokens made a new one (see `spans.ensure_boundaries`), else None."""
        raise NotImplementedError

    def _compile(self) -> None:
        """Rebuild the matchers from `self._patterns`."""

    # -- patterns ---------------------------------------------------------------------

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        patterns: Sequence[PatternType] | None = None,
    ) -> None:
        """Replace the patterns with `patterns` (from `[initialize.components]`)."""
        self.clear()
        if patterns:
            self.add_patterns(patterns)

    @property
    def patterns(self) -> list[PatternType]:
        """All patterns, one dict each, as added."""
        return list(self._patterns)

    def patterns_of(self, label: str, flag: str | None = None) -> list[str]:
        """The pattern texts with `label`, only those with the field `flag` set if given
        (`{"label": "headline_end", "pattern": "会议", "event": true}`)."""
        return [p["pattern"] for p in self._patterns if p["label"] == label and (flag is None or p.get(flag))]

    def add_patterns(self, patterns: Iterable[PatternType]) -> None:
        """Validate and add `patterns`; a bad one raises `PatternError` naming it."""
        self._patterns.extend(validate(patterns, self.PATTERN_LABELS, self.name))
        self._compile()

    def clear(self) -> None:
        """Remove every pattern."""
        self._patterns = []
        self._compile()

    def __len__(self) -> int:
        return len(self._patterns)

    # -- serialization ------------------------------------------------------------------

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        serializers = {"patterns": lambda: srsly.json_dumps(self._patterns)}
        return util.to_bytes(serializers, exclude)

    def from_bytes(
        self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> "RuleComponent":
        self.clear()
        util.from_bytes(bytes_data, {"patterns": lambda b: self.add_patterns(srsly.json_loads(b))}, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        path = util.ensure_path(path)
        util.to_disk(
            path, {"patterns": lambda p: srsly.write_jsonl(p.with_suffix(".jsonl"), self._patterns)}, exclude
        )

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> "RuleComponent":
        self.clear()
        path = util.ensure_path(path)
        util.from_disk(
            path,
            {"patterns": lambda p: self.add_patterns(srsly.read_jsonl(p.with_suffix(".jsonl")))},
            exclude,
        )
        return self
