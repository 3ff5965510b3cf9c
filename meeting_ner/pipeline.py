"""Build the pipeline from `configs/meeting_ner.cfg` and the shipped patterns."""

from typing import Any

from spacy import util
from spacy.language import Language
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
