"""Numbered requirement lists ("一是…二是…", "一要…二要…", "(一)…(二)…"), item by item.

(Skeleton: the splitter lands with the enumeration issue.)
"""

from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry
from spacy.vocab import Vocab

from .component import RuleComponent

SPANS_KEY = "enumeration"


@registry.scorers("meeting_ner.enumeration_scorer.v1")
def make_enumeration_scorer(spans_key: str = SPANS_KEY) -> Callable[..., dict[str, Any]]:
    def score(examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        return Scorer.score_spans(
            examples, f"spans_{spans_key}", getter=lambda doc, key: doc.spans.get(spans_key, []), **kwargs
        )

    return score


@Language.factory(
    "meeting_enumerations",
    assigns=["doc.spans", "span._.ordinal", "span._.list_id", "span._.marker"],
    default_config={"spans_key": SPANS_KEY, "scorer": {"@scorers": "meeting_ner.enumeration_scorer.v1"}},
    default_score_weights={
        f"spans_{SPANS_KEY}_f": 1.0,
        f"spans_{SPANS_KEY}_p": 0.0,
        f"spans_{SPANS_KEY}_r": 0.0,
    },
)
def make_enumeration_splitter(
    nlp: Language, name: str, spans_key: str, scorer: Callable | None
) -> "EnumerationSplitter":
    return EnumerationSplitter(nlp.vocab, name, spans_key=spans_key, scorer=scorer)


class EnumerationSplitter(RuleComponent):
    """One span per list item in `doc.spans[spans_key]`."""

    PATTERN_LABELS = ("marker",)

    def __init__(
        self,
        vocab: Vocab,
        name: str = "meeting_enumerations",
        *,
        spans_key: str = SPANS_KEY,
        scorer: Callable | None = None,
    ) -> None:
        self.spans_key = spans_key
        super().__init__(vocab, name, scorer=scorer)

    def match(self, doc: Doc) -> list[Any]:
        return []

    def set_annotations(self, doc: Doc, matches: list[Any]) -> None:
        doc.spans[self.spans_key] = []
