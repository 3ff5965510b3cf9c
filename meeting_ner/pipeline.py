"""Build the pipeline from `configs/meeting_ner.cfg` and the shipped patterns."""

from collections.abc import Callable
from typing import Any

from spacy import util
from spacy.language import Language
from spacy.util import registry
from thinc.api import Config

from .resources import config_path


def load_pipeline(
    *,
    config: dict[str, Any] | Config | None = None,
    vocab: Any = True,
    disable: Any = util.SimpleFrozenList(),
    enable: Any = util.SimpleFrozenList(),
    exclude: Any = util.SimpleFrozenList(),
) -> Language:
    """Assemble and initialize the pipeline the config describes.

    config: overrides, nested (`{"nlp": {"tokenizer": {"segmenter": "char"}}}`) or
        dotted (`{"nlp.tokenizer.segmenter": "char"}`).
    """
    overrides = util.dict_to_dot(dict(config or {}), for_overrides=True)
    cfg = util.load_config(config_path(), overrides=overrides, interpolate=False)
    nlp = util.load_model_from_config(
        cfg, vocab=vocab, disable=disable, enable=enable, exclude=exclude, auto_fill=True
    )
    nlp.initialize()
    return nlp


def make_doc(nlp: Language, text: str, published: str | None) -> Any:
    """The Doc to run the pipeline on, with its publication date (TIMEX3) when one is
    given: the dates of the page are anchored on it."""
    doc = nlp.make_doc(text)
    if published:
        doc._.published = published
    return doc


@registry.callbacks("meeting_ner.set_max_length.v1")
def set_max_length(max_length: int = 25_000_000) -> Callable[[Language], Language]:
    """Raise spaCy's `nlp.max_length` (1,000,000 characters by default): scraped pages
    of several megabytes are real input, and every step here is linear in the length.
    Over the limit, spaCy's own clear error (E088) is raised."""

    def after_creation(nlp: Language) -> Language:
        nlp.max_length = max_length
        return nlp

    return after_creation
