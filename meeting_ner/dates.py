"""DATE expressions with their TIMEX3 values, anchored on the publication date.

(Skeleton: the normalizer lands with the date issue.)
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


@registry.scorers("meeting_ner.date_scorer.v1")
def make_date_scorer() -> Callable[..., dict[str, Any]]:
    def score(examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        return Scorer.score_spans(examples, "ents", labeled=True, **kwargs)

    return score


@Language.factory(
    "meeting_dates",
    assigns=["doc.ents", "span._.date_value"],
    requires=["doc._.published"],
    default_config={"overwrite_ents": False, "scorer": {"@scorers": "meeting_ner.date_scorer.v1"}},
    default_score_weights={"date_value_acc": 1.0},
)
def make_date_normalizer(
    nlp: Language, name: str, overwrite_ents: bool, scorer: Callable | None
) -> "DateNormalizer":
    return DateNormalizer(nlp.vocab, name, overwrite_ents=overwrite_ents, scorer=scorer)


class DateNormalizer(RuleComponent):
    """Find DATE expressions and resolve each to a TIMEX3 value."""

    PATTERN_LABELS = ("relative_day", "not_date")

    def __init__(
        self,
        vocab: Vocab,
        name: str = "meeting_dates",
        *,
        overwrite_ents: bool = False,
        scorer: Callable | None = None,
    ) -> None:
        self.overwrite_ents = overwrite_ents
        super().__init__(vocab, name, scorer=scorer)

    def match(self, doc: Doc) -> list[Any]:
        return []

    def set_annotations(self, doc: Doc, matches: list[Any]) -> None:
        return None
