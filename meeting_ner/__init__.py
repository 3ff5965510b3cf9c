"""meeting-ner: a rule-based spaCy pipeline for Chinese government meeting reports.

`spacy.load("meeting_ner")` returns the whole pipeline. Importing this package only
registers the custom attributes (and caches srsly's msgpack hook lookups, see
`msgpack_hooks`): factories, readers, scorers and the tokenizer reach
spaCy through entry points, so a saved pipeline loads without `import meeting_ner`.
"""

from __future__ import annotations

from typing import Any

from .extensions import register_extensions
from .msgpack_hooks import cache_msgpack_hooks

__version__ = "0.1.0"

register_extensions()
cache_msgpack_hooks()


def load(**overrides: Any) -> Any:
    """The full pipeline, as `spacy.load("meeting_ner", ...)` calls it.

    Keyword arguments are those of `spacy.load`: `vocab`, `disable`, `enable`,
    `exclude`, and `config` (a dict of overrides, for example
    `{"nlp": {"tokenizer": {"segmenter": "char"}}}`).
    """
    from .pipeline import load_pipeline

    return load_pipeline(**overrides)
