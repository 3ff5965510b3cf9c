"""Suspect output on pages without gold: a precision check for unseen reports.

Gold exists for a few dozen pages; the rules meet millions. `audit` runs the pipeline
over any folder of pages and counts output that is most likely wrong, by kinds a
reader can check at a glance, with examples:

- `agency_opens_with_verb_or_function_word`: an AGENCY whose first word is a verb,
  preposition, conjunction or pronoun in jieba's dictionary (`体现筹建…学院`);
- `official_is_a_common_word`: an OFFICIAL that jieba's dictionary knows as a common
  word other than a name (`高度`, `任务`);
- `official_without_surname`: an OFFICIAL that opens with no known surname (and is
  no name in parts, `艾力更·依明巴海`);
- `position_without_head`: a POSITION that ends with no title head of the patterns;
- `date_after_published`: a day later than the page's own publication date;
- `no_title`, `no_published`, `no_meeting_date`, `no_organizer`: a field left empty;
- `title_with_page_chrome`: a headline holding navigation words (`首页`, `当前位置`).

The counts are no score (a verb may open a real name, a meeting may be announced
ahead), but a rule change that raises one on unseen pages needs a look.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import get_normalized
from .lexicons import lexicon_patterns
from .patterns import read_patterns

#: Examples kept per kind.
DEFAULT_EXAMPLES = 5
#: Characters of context shown on each side of an example.
CONTEXT = 12

KINDS = (
    "agency_opens_with_verb_or_function_word",
    "official_is_a_common_word",
    "official_without_surname",
    "position_without_head",
    "date_after_published",
    "title_with_page_chrome",
    "no_title",
    "no_published",
    "no_meeting_date",
    "no_organizer",
)


@dataclass
class AuditReport:
    """Counts of suspect output by kind, with the first examples of each."""

    documents: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    examples: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    entities: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, example: str, keep: int) -> None:
        self.counts[kind] += 1
        if len(self.examples[kind]) < keep:
            self.examples[kind].append(example)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "entities": dict(self.entities),
            "counts": dict(self.counts),
            "examples": {k: v for k, v in self.examples.items() if v},
        }

    def format_table(self) -> str:
        lines = [
            f"{self.documents} documents; entities: "
            + ", ".join(f"{k} {v}" for k, v in self.entities.items())
        ]
        lines.append(f"{'kind':<42}{'count':>7}{'per 100 docs':>14}")
        for kind in KINDS:
            per = 100 * self.counts[kind] / self.documents if self.documents else 0.0
            lines.append(f"{kind:<42}{self.counts[kind]:>7}{per:>14.1f}")
        for kind, examples in self.examples.items():
            for example in examples:
                lines.append(f"  {kind}: {example}")
        return "\n".join(lines)


class _Vocabulary:
    """The words the checks need: jieba's lead words (and the longer words that open
    with one, so a name is read by its longest word), common words that are no names, chrome words."""

    def __init__(self) -> None:
        self.lead: set[str] = set()
        self.longer: set[str] = set()
        for p in lexicon_patterns("word_classes"):
            if p["label"] == "lead_word":
                self.lead.add(p["pattern"])
            elif p["label"] == "word":
                self.longer.add(p["pattern"])
        self.max_word = max(map(len, self.lead | self.longer), default=0)
        entity_patterns = read_patterns("entities")
        self.surnames = {p["pattern"] for p in entity_patterns if p["label"] == "surname"}
        self.heads = {p["pattern"] for p in entity_patterns if p["label"] == "position"}
        self.common_words = {
            p["pattern"] for p in lexicon_patterns("word_classes") if p["label"] == "common_word"
        }
        self.chrome = [p["pattern"] for p in read_patterns("article") if p["label"] == "chrome"]

    def opening_word(self, text: str) -> str | None:
        """The longest dictionary word that opens `text`, if it is a lead word."""
        for n in range(min(self.max_word, len(text) - 1), 1, -1):
            word = text[:n]
            if word in self.longer:
                return None
            if word in self.lead:
                return word
        return None


def _snippet(doc: Doc, start: int, end: int, name: str) -> str:
    text = doc.text
    left = text[max(0, start - CONTEXT) : start].replace("\n", " ")
    right = text[end : end + CONTEXT].replace("\n", " ")
    return f"{name}: …{left}[{text[start:end]}]{right}…"


def audit_docs(
    docs: Iterable[tuple[Doc, str]], examples: int = DEFAULT_EXAMPLES, vocabulary: _Vocabulary | None = None
) -> AuditReport:
    """Audit `(doc, name)` pairs already run through the pipeline."""
    vocab = vocabulary or _Vocabulary()
    report = AuditReport()
    for doc, name in docs:
        report.documents += 1
        view = get_normalized(doc)
        published = doc._.published
        for ent in doc.ents:
            report.entities[ent.label_] = report.entities.get(ent.label_, 0) + 1
            norm = view.text[view.to_norm(ent.start_char) : view.to_norm(ent.end_char)]
            if ent.label_ == "AGENCY" and vocab.opening_word(norm):
                report.add(
                    "agency_opens_with_verb_or_function_word",
                    _snippet(doc, ent.start_char, ent.end_char, name),
                    examples,
                )
            elif ent.label_ == "OFFICIAL" and norm in vocab.common_words:
                report.add(
                    "official_is_a_common_word", _snippet(doc, ent.start_char, ent.end_char, name), examples
                )
            if ent.label_ == "OFFICIAL" and not any(c in norm for c in "·•・‧"):
                if norm[:1] not in vocab.surnames and norm[:2] not in vocab.surnames:
                    report.add(
                        "official_without_surname",
                        _snippet(doc, ent.start_char, ent.end_char, name),
                        examples,
                    )
            if ent.label_ == "POSITION" and not any(norm.endswith(h) for h in vocab.heads):
                report.add(
                    "position_without_head", _snippet(doc, ent.start_char, ent.end_char, name), examples
                )
            if ent.label_ == "DATE" and _later_day(ent._.date_value, published):
                report.add(
                    "date_after_published",
                    _snippet(doc, ent.start_char, ent.end_char, f"{name} ({ent._.date_value} > {published})"),
                    examples,
                )
        for kind, empty in _empty_fields(doc).items():
            if empty:
                report.add(kind, name, examples)
        title = doc._.title
        if title is not None and any(word in title.text for word in vocab.chrome):
            report.add("title_with_page_chrome", f"{name}: {title.text}", examples)
    return report


def _later_day(value: str | None, published: str | None) -> bool:
    """Both full days (`YYYY-MM-DD`) and `value` after `published`."""
    if not value or not published or len(value) < 10 or len(published) < 10:
        return False
    day, pub = value[:10], published[:10]
    if not (day[:4].isdigit() and pub[:4].isdigit() and day[4] == "-" and pub[4] == "-"):
        return False
    return day > pub


def _empty_fields(doc: Doc) -> dict[str, bool]:
    meeting = doc._.meeting or {}
    return {
        "no_title": doc._.title is None,
        "no_published": not doc._.published,
        "no_meeting_date": not meeting.get("date"),
        "no_organizer": not meeting.get("organizers"),
    }


def audit(
    nlp: Language,
    texts: Iterable[tuple[str, str]],
    examples: int = DEFAULT_EXAMPLES,
    progress: Callable[[Iterator[Any]], Iterator[Any]] | None = None,
) -> AuditReport:
    """Run `nlp` over `(text, name)` pairs and audit the output."""
    docs: Iterator[Any] = nlp.pipe(texts, as_tuples=True)
    if progress is not None:
        docs = progress(docs)
    return audit_docs(docs, examples=examples)
