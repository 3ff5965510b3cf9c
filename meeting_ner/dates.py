"""DATE expressions with their TIMEX3 values, anchored on the publication date.

`match` finds and parses every calendar expression on the normalized view (through
`timex.DateScanner`) and reads what its sentence says about it (a plan: 将于, 定于;
for 近期, whether it looks back or ahead); `set_annotations` resolves each against
`doc._.published` (`timex.resolve`) and adds the DATE entities beside the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry
from spacy.vocab import Vocab

from .component import RuleComponent
from .extensions import get_normalized, set_span_value
from .patterns import PatternError, alternation, where
from .spans import add_entities, spans_from_normalized
from .timex import DateExpr, DateMention, DateScanner, DateVocabulary, mask_unknown_year, parse_dct, resolve

DATE_LABEL = "DATE"


@registry.scorers("meeting_ner.date_scorer.v1")
def make_date_scorer() -> Callable[..., dict[str, Any]]:
    return score_dates


def score_dates(examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
    """`date_p/r/f` on DATE spans, and `date_value_acc`: the share of gold DATEs
    found with the right `date_value`."""
    tp = n_pred = n_gold = right = 0
    for eg in examples:
        pred = {
            (e.start_char, e.end_char): e._.date_value for e in eg.predicted.ents if e.label_ == DATE_LABEL
        }
        gold = {
            (e.start_char, e.end_char): e._.date_value for e in eg.reference.ents if e.label_ == DATE_LABEL
        }
        tp += len(pred.keys() & gold.keys())
        n_pred += len(pred)
        n_gold += len(gold)
        right += sum(1 for span, value in gold.items() if span in pred and pred[span] == value)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "date_p": p,
        "date_r": r,
        "date_f": 2 * p * r / (p + r) if p + r else 0.0,
        "date_value_acc": right / n_gold if n_gold else None,
    }


@Language.factory(
    "meeting_dates",
    assigns=["doc.ents", "span._.date_value"],
    requires=["doc._.published"],
    default_config={"overwrite_ents": False, "scorer": {"@scorers": "meeting_ner.date_scorer.v1"}},
    default_score_weights={"date_f": 0.5, "date_p": 0.0, "date_r": 0.0, "date_value_acc": 0.5},
)
def make_date_normalizer(
    nlp: Language, name: str, overwrite_ents: bool, scorer: Callable | None
) -> DateNormalizer:
    return DateNormalizer(nlp.vocab, name, overwrite_ents=overwrite_ents, scorer=scorer)


@dataclass(frozen=True)
class DateMatch:
    """A parsed expression with what its sentence says about it."""

    start: int
    end: int
    expr: DateExpr
    joined: bool = False
    planned: bool = False


# What each vocabulary label sets on a `DateExpr`, and from which pattern field.
_WORD_FIELDS = {
    "relative_day": ("day_offset", "offset"),
    "anchor_day": ("anchor_offset", "offset"),
    "relative_year": ("year_offset", "offset"),
    "relative_month": ("month_offset", "offset"),
    "half_year": ("half", "value"),
    "vague": ("ref", "value"),
}
_REFS = ("PAST_REF", "FUTURE_REF", "CONTEXT")
_PARTS_OF_DAY = ("MO", "MI", "AF", "EV", "NI", "DT")
_SENTENCE_END = re.compile(r"[。;!?\n]")
_CLAUSE_END = re.compile(r"[,。;!?:\n]")
_LIST_HEAD = re.compile(r"[ \t]*(?:[一二三四五六七八九十]+[是要]|[(]?[一二三四五六七八九十]+[)、]|\d+[.、])")
#: How far into the page a dateline is looked for (past page chrome and the headline).
_DATELINE_REACH = 400
_TITLE = re.compile(r"《[^《》\n]{0,100}》")


class DateNormalizer(RuleComponent):
    """Find DATE expressions and resolve each to a TIMEX3 value.

    Pattern labels: relative_day / anchor_day / relative_year / relative_month
    (`offset`), half_year (`value` 1 or 2), lunar_day (`month`, `day`), vague
    (`value` PAST_REF / FUTURE_REF / CONTEXT, optional `clause_initial`, and `with_tail`:
    a date only with a period tail, `未来一段时间`),
    part_of_day (`value` MO/MI/AF/EV/NI/DT), and word lists: lunar_prefix,
    period_tail, planning_cue, past_cue, directive_cue, purpose_cue (`为做好近期…`: the
    clause says what is to be done), cue_exception,
    duration_before, duration_after, weekday_follow, not_date.
    """

    PATTERN_LABELS = (
        *_WORD_FIELDS,
        "lunar_day",
        "part_of_day",
        "lunar_prefix",
        "period_tail",
        "planning_cue",
        "past_cue",
        "directive_cue",
        "purpose_cue",
        "cue_exception",
        "duration_before",
        "duration_after",
        "weekday_follow",
        "not_date",
        "dateline_end",
    )

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

    def _compile(self) -> None:
        words = DateVocabulary()
        for p in self._patterns:
            label, text = p["label"], p["pattern"]
            if label in _WORD_FIELDS:
                attr, key = _WORD_FIELDS[label]
                value = p.get(key)
                if label == "vague" and value not in _REFS or label != "vague" and not isinstance(value, int):
                    raise PatternError(
                        f"{where(p)}{self.name}: '{label}' needs a valid '{key}', not {value!r}"
                    )
                words.words[text] = {attr: value}
                if p.get("clause_initial"):
                    words.clause_initial.add(text)
                if p.get("with_tail"):
                    words.with_tail.add(text)
            elif label == "lunar_day":
                if not isinstance(p.get("month"), int) or not isinstance(p.get("day"), int):
                    raise PatternError(f"{where(p)}{self.name}: 'lunar_day' needs integer 'month' and 'day'")
                words.words[text] = {"month": p["month"], "day": p["day"]}
            elif label == "part_of_day":
                if p.get("value") not in _PARTS_OF_DAY:
                    raise PatternError(
                        f"{where(p)}{self.name}: 'part_of_day' value must be one of {_PARTS_OF_DAY}"
                    )
                words.part_of_day[text] = p["value"]
                if p.get("alone"):
                    words.part_of_day_alone.add(text)
        words.lunar_prefix = set(self.patterns_of("lunar_prefix"))
        words.period_tail = set(self.patterns_of("period_tail"))
        words.duration_before = set(self.patterns_of("duration_before"))
        words.duration_after = set(self.patterns_of("duration_after"))
        words.weekday_follow = set(self.patterns_of("weekday_follow"))
        self._scanner = DateScanner(words)
        self._planning = _matcher(self.patterns_of("planning_cue"))
        self._past = _matcher(self.patterns_of("past_cue"))
        self._directive = _matcher(self.patterns_of("directive_cue"))
        purpose = self.patterns_of("purpose_cue")
        self._purpose = re.compile(f"[ \t]*(?:{alternation(purpose)})") if purpose else None
        self._exception = _matcher(self.patterns_of("cue_exception"))
        self._not_date = _matcher(self.patterns_of("not_date"))
        # what ends a report's dateline (`东方网8月31日消息:`, `新华社北京3月5日电`): its
        # 今天 and 昨天 count from that day, not from a later publication stamp
        self._dateline_end = _matcher(self.patterns_of("dateline_end"))
        self._tails = tuple(words.period_tail)

    # -- find -----------------------------------------------------------------------------

    def match(self, doc: Doc) -> list[DateMatch]:
        """Every DATE expression of the normalized view, parsed, with its context."""
        text = get_normalized(doc).text
        mentions = self._scanner.scan(text)
        blocked = _intervals(self._not_date, text) + _intervals(_TITLE, text)
        matches: list[DateMatch] = []
        planned_left = False
        for m in mentions:
            if _inside(blocked, m.start, m.end):
                continue
            expr = m.expr
            if expr.ref == "CONTEXT":
                expr = DateExpr(ref=self._vague_ref(text, m))
            planned = planned_left if m.joined else self._planned(text, m.start)
            planned_left = planned
            matches.append(DateMatch(m.start, m.end, expr, m.joined, planned))
        return matches

    def _planned(self, text: str, start: int) -> bool:
        """Whether the clause before the date says it is planned (将于, 定于, 拟于)."""
        if self._planning is None:
            return False
        head = _last(_CLAUSE_END, text, start, 40)
        return self._planning.search(text, head, start) is not None

    def _vague_ref(self, text: str, m: DateMention) -> str:
        """近期, 最近: PAST_REF when said of what has happened, FUTURE_REF in a directive."""
        if text[m.start : m.end].endswith(self._tails) and self._tails:
            return "FUTURE_REF"  # 最近一个时期, 今后一段时间
        clause = _last(_CLAUSE_END, text, m.start, 40)
        if self._purpose is not None and self._purpose.match(text, clause):
            return "FUTURE_REF"  # 为做好近期防汛工作,…
        head = _last(_SENTENCE_END, text, m.start, 200)
        stop = _CLAUSE_END.search(text, m.end)  # `…近期重要讲话,落实省委要求`: not its verb
        tail = stop.start() if stop else min(len(text), m.end + 200)
        after = self._masked(text[m.end : tail])
        before = self._masked(text[head : m.start])
        past = self._past.search(after) if self._past else None
        ahead = self._directive.search(after) if self._directive else None
        if past and (ahead is None or past.start() < ahead.start()):
            return "PAST_REF"
        cues = list(self._past.finditer(before, clause - head)) if self._past else []
        said = cues[-1] if cues else None  # the last past cue of the clause before
        directive_before = (
            self._directive.search(before, said.end() if said else 0) if self._directive else None
        )
        if said is not None and directive_before is None:
            return "PAST_REF"  # `通报了近期工作完成情况`: what it reports on has happened
        if ahead or directive_before is not None:
            return "FUTURE_REF"
        if _LIST_HEAD.match(text, head):
            return "FUTURE_REF"  # 二是近期所有学校…: an item of a list of requirements
        return "PAST_REF"

    def _masked(self, text: str) -> str:
        return self._exception.sub(lambda x: "_" * len(x.group()), text) if self._exception else text

    # -- write ----------------------------------------------------------------------------

    def set_annotations(self, doc: Doc, matches: list[DateMatch]) -> Doc:
        """Resolve each match against `doc._.published` and add it as a DATE."""
        if not matches:
            return doc
        dct = parse_dct(doc._.published)
        doc, found = spans_from_normalized(doc, [(m.start, m.end, DATE_LABEL) for m in matches])
        spans: list[Span] = []
        values: dict[tuple[int, int], str | None] = {}
        anchor: str | None = None
        previous: str | None = None
        dateline = None
        for m, span in zip(matches, found):
            base = dateline if dateline is not None and m.expr.day_offset is not None else dct
            value = resolve(
                m.expr, base, planned=m.planned, anchor=anchor, after=previous if m.joined else None
            )
            previous = value
            if (
                dateline is None
                and span is not None
                and span.start_char < _DATELINE_REACH
                and self._dateline_end is not None
                and self._dateline_end.match(doc[span.end : span.end + 2].text)
            ):
                dateline = parse_dct(value)
            if value is None and m.expr.readings:
                continue  # 32日 far from any publication date: no garbled 3月2日
            if parse_dct(value) is not None:
                anchor = value[:10]  # a day, `XXXX-06-07` too: 当天 and 明天 count from it
            if span is not None:
                spans.append(span)
                values[(span.start_char, span.end_char)] = mask_unknown_year(value)
        for span in add_entities(doc, spans, overwrite=self.overwrite_ents):
            set_span_value(span, "date_value", values[(span.start_char, span.end_char)])
        return doc


def _intervals(pattern: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    return [] if pattern is None else [m.span() for m in pattern.finditer(text)]


def _inside(intervals: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in intervals)


def _last(pattern: re.Pattern[str], text: str, start: int, limit: int) -> int:
    """Just after the last match of `pattern` in the `limit` characters before `start`."""
    lo = max(0, start - limit)
    head = lo
    for m in pattern.finditer(text, lo, start):
        head = m.end()
    return head


def _matcher(words: list[str]) -> re.Pattern[str] | None:
    return re.compile(alternation(words)) if words else None
