"""The article's headline and its own publication date, found among the page chrome.

(Skeleton: lands with the date issue.)
"""

from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .component import RuleComponent


@Language.factory(
    "meeting_article",
    assigns=["doc._.published", "doc._.title"],
    default_config={"reference_date": None, "scorer": None},
)
def make_article_reader(
    nlp: Language, name: str, reference_date: str | None, scorer: Callable | None
) -> "ArticleReader":
    return ArticleReader(nlp.vocab, name, reference_date=reference_date, scorer=scorer)


class ArticleReader(RuleComponent):
    """Set `doc._.title` and `doc._.published` (kept when already set)."""

    PATTERN_LABELS = ("published_cue", "chrome")

    def __init__(
        self,
        vocab: Vocab,
        name: str = "meeting_article",
        *,
        reference_date: str | None = None,
        scorer: Callable | None = None,
    ) -> None:
        self.reference_date = reference_date
        super().__init__(vocab, name, scorer=scorer)

    def match(self, doc: Doc) -> Any:
        return None

    def set_annotations(self, doc: Doc, matches: Any) -> None:
        if doc._.published is None:
            doc._.published = self.reference_date
