"""OFFICIAL, POSITION and AGENCY mentions, and which official holds which post.

(Skeleton: the grammar lands with the entity-ruler issue.)
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

ENTITY_LABELS = ("OFFICIAL", "POSITION", "AGENCY")


@registry.scorers("meeting_ner.entity_scorer.v1")
def make_entity_scorer() -> Callable[..., dict[str, Any]]:
    return score_entities


def score_entities(examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
    """ents_p/r/f and per type, restricted to this component's labels."""
    return Scorer.score_spans(examples, "ents", labeled=True, allow_overlap=False, **kwargs)


@Language.factory(
    "meeting_entities",
    assigns=["doc.ents", "span._.positions", "span._.agency"],
    default_config={"overwrite_ents": False, "scorer": {"@scorers": "meeting_ner.entity_scorer.v1"}},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_entity_ruler(
    nlp: Language, name: str, overwrite_ents: bool, scorer: Callable | None
) -> "MeetingEntityRuler":
    return MeetingEntityRuler(nlp.vocab, name, overwrite_ents=overwrite_ents, scorer=scorer)


class MeetingEntityRuler(RuleComponent):
    """Officials, posts and organizations, found by context on the normalized view."""

    PATTERN_LABELS = ("surname", "position", "agency")

    def __init__(
        self,
        vocab: Vocab,
        name: str = "meeting_entities",
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
