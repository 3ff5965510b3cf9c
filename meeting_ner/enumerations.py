"""Numbered requirement lists ("一是…二是…", "一要…二要…", "(一)…(二)…"), item by item.

A list is a run of markers whose numbers count up from one (ANNOTATION.md §6). The
splitter works in three steps on the normalized view:

1. find every marker candidate with one regex built from the vocabularies in
   `patterns/enumerations/` (numerals, marker suffixes, ordinal words, slogans);
2. chain candidates into lists in one left-to-right pass: a marker either goes on
   with an open list of its family (`二是` after `一要`) or, numbered one, starts a
   new list; several lists stay open at once so that a list inside an item
   (`第三,…` holding `一是…二是…`) does not end the outer one;
3. cut the items: each up to the next marker of its list, the last one to the end of
   its paragraph or to the first sentence that plainly leaves the list (a new
   speaker, `会议指出`, `会后`).

Every step is linear in the length of the text: the regexes have no nested
quantifiers, and at most one list per marker kind is open at any time.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry
from spacy.vocab import Vocab

from .component import RuleComponent
from .extensions import get_normalized, set_span_value
from .normalize import NormalizedText
from .patterns import alternation
from .spans import spans_from_raw

SPANS_KEY = "enumeration"
INTRO_KEY = "enumeration_intro"
ITEM_LABEL = "ITEM"
INTRO_LABEL = "INTRO"

#: `最后` closes a `首先/其次` list: its number is the count so far plus one.
LAST = -1
#: How far (normalized characters) the next marker of a list may be from the previous
#: one when a paragraph ends between them.
MAX_GAP = 2000
#: How far back the lead-in clause of a list may start.
MAX_INTRO = 200
#: Longest heading line (`三、强化组织保障`) that takes the paragraph under it.
MAX_HEADING = 40
#: Longest subject of a sentence that leaves a list (`市委常委、常务副市长、市应急管理委员会主任王应明强调,`).
MAX_SUBJECT = 40

_DIGITS = "0123456789"
#: Punctuation that may stand right before a heading marker (`。一、`), besides
#: white space and the start of the text.
_NOT_BEFORE_HEADING = "、.-/("


@registry.scorers("meeting_ner.enumeration_scorer.v1")
def make_enumeration_scorer(spans_key: str = SPANS_KEY) -> Callable[..., dict[str, Any]]:
    """Span P/R/F of the list items in `doc.spans[spans_key]`, as `spans_{key}_p/r/f`
    (the names `spacy evaluate --spans-key KEY` prints). Items carry no type, and items
    of an inner list lie inside an item of the outer one, so the spans are unlabeled
    and may overlap."""

    return partial(score_enumerations, spans_key=spans_key)


def score_enumerations(
    examples: Iterable[Example], spans_key: str = SPANS_KEY, **kwargs: Any
) -> dict[str, Any]:
    """See `make_enumeration_scorer` (a module-level function, so pipelines pickle)."""
    kwargs.setdefault("labeled", False)
    kwargs.setdefault("allow_overlap", True)
    return Scorer.score_spans(examples, f"spans_{spans_key}", getter=partial(_spans_of, spans_key), **kwargs)


def _spans_of(spans_key: str, doc: Doc, key: str) -> list[Span]:
    return list(doc.spans.get(spans_key, []))


@Language.factory(
    "meeting_enumerations",
    assigns=["doc.spans", "span._.ordinal", "span._.list_id", "span._.marker"],
    default_config={
        "spans_key": SPANS_KEY,
        "intro_key": INTRO_KEY,
        "scorer": {"@scorers": "meeting_ner.enumeration_scorer.v1"},
    },
    default_score_weights={
        f"spans_{SPANS_KEY}_f": 1.0,
        f"spans_{SPANS_KEY}_p": 0.0,
        f"spans_{SPANS_KEY}_r": 0.0,
    },
)
def make_enumeration_splitter(
    nlp: Language, name: str, spans_key: str, intro_key: str, scorer: Callable | None
) -> EnumerationSplitter:
    return EnumerationSplitter(nlp.vocab, name, spans_key=spans_key, intro_key=intro_key, scorer=scorer)


@dataclass
class Marker:
    """A marker candidate on the normalized view."""

    start: int
    end: int
    ordinal: int  # 1, 2, … or LAST
    family: str  # markers of one family may continue each other's count
    kind: str  # a new list closes the open list of the same kind


@dataclass
class Item:
    """One list item on the normalized view: `[start, end)`, the marker ends at `marker_end`."""

    start: int
    marker_end: int
    end: int
    ordinal: int


@dataclass
class EnumList:
    """A list found by `match`: its items and its lead-in clause, normalized offsets."""

    items: list[Item]
    intro: tuple[int, int] | None = None


@dataclass
class _Open:
    """A list being chained: its markers, and where its last item can end at most."""

    markers: list[Marker]
    limit: int
    hard: bool  # the limit is a sentence that leaves the list, not a paragraph end
    close_at: int | None = None
    first_word: bool = False  # started with an ordinal word (`首先`)

    @property
    def expected(self) -> int:
        return len(self.markers) + 1


class EnumerationSplitter(RuleComponent):
    """One span per list item in `doc.spans[spans_key]`, one per lead-in clause in
    `doc.spans[intro_key]`; items carry `_.ordinal`, `_.list_id` and `_.marker`.

    Pattern labels (all in `patterns/enumerations/`):
    numeral (with `value`), clause_suffix (`一是`, `一要`), heading_suffix (`一、`,
    `1.`), ordinal_prefix (`第一`), ordinal_word (`首先`, with `value`, `"last"` for
    `最后`), numeral_head (`统` in `统一是`: the numeral is part of a word), slogan
    (never a marker: `一是一`, `三全三严`), speech_verb / speech_verb_open /
    leave_opener / leave_subject / cue_connective (sentences that leave a list:
    `张荷红强调,`, `会后,`, `会议还…`), quoted_authority (`习近平总书记强调,` inside an
    item does not leave it), not_speaker / not_before_verb (`按照…要求,` `严格要求,`
    name no speaker), topic_preposition / topic_verb (`刘云华就…作了部署,` a new
    speaker on a topic of their own), narration_verb / narration_subject (`首先由…传达` tells
    the order of the meeting, not a list).
    """

    PATTERN_LABELS = (
        "numeral",
        "clause_suffix",
        "heading_suffix",
        "ordinal_prefix",
        "ordinal_word",
        "numeral_head",
        "slogan",
        "speech_verb",
        "speech_verb_open",
        "leave_opener",
        "leave_subject",
        "cue_connective",
        "narration_verb",
        "narration_subject",
        "quoted_authority",
        "not_speaker",
        "not_before_verb",
        "topic_preposition",
        "topic_verb",
    )

    def __init__(
        self,
        vocab: Vocab,
        name: str = "meeting_enumerations",
        *,
        spans_key: str = SPANS_KEY,
        intro_key: str = INTRO_KEY,
        scorer: Callable | None = None,
    ) -> None:
        self.spans_key = spans_key
        self.intro_key = intro_key
        super().__init__(vocab, name, scorer=scorer)

    # -- patterns ---------------------------------------------------------------------

    def _compile(self) -> None:
        """Build the marker, slogan and leave-cue regexes from the patterns."""
        self._numerals: dict[str, int] = {}
        self._tens: set[str] = set()
        for p in self._patterns:
            if p["label"] == "numeral" and len(p["pattern"]) == 1 and isinstance(p.get("value"), int):
                self._numerals[p["pattern"]] = p["value"]
                if p["value"] == 10:
                    self._tens.add(p["pattern"])
        self._words: dict[str, int] = {}
        for p in self._patterns:
            if p["label"] == "ordinal_word":
                value = p.get("value")
                self._words[p["pattern"]] = LAST if value == "last" else int(value or 0)
        self._strict_words = set(self.patterns_of("ordinal_word", "strict"))
        self._heads = set(self.patterns_of("numeral_head"))
        self._head_lengths = sorted({len(h) for h in self._heads}, reverse=True)
        self._narration_verbs = alternation(self.patterns_of("narration_verb"))
        self._narration_subjects = tuple(self.patterns_of("narration_subject"))
        self._marker_re = self._build_marker_regex()
        slogans = alternation(self.patterns_of("slogan"))
        self._slogan_re = re.compile(slogans) if slogans else None
        self._cue_re = self._build_cue_regex()
        openers = alternation(self.patterns_of("leave_opener"))
        authorities = alternation(self.patterns_of("quoted_authority"))
        self._authority_re = re.compile(authorities) if authorities else None
        self._byline_re = re.compile(rf"\s*(?:{openers})") if openers else None
        self._narration_re = re.compile(self._narration_verbs) if self._narration_verbs else None

    def _build_marker_regex(self) -> re.Pattern[str] | None:
        if not self._numerals:
            return None
        num = "[" + "".join(re.escape(c) for c in sorted(self._numerals)) + "]{1,3}"
        arabic = "[0-9]{1,2}"
        clause = alternation(self.patterns_of("clause_suffix"))
        heading = alternation(self.patterns_of("heading_suffix"))
        prefix = alternation(self.patterns_of("ordinal_prefix"))
        words = alternation(list(self._words))
        parts = [rf"(?P<paren>\(\s?(?P<pn>{num}|{arabic})\s?\))", r"(?P<circ>[\u2460-\u2473])"]
        if prefix:
            # `第一,` `第二是` `其三、`: the punctuation belongs to the marker.
            parts.append(rf"(?P<op>{prefix})(?P<on>{num}|{arabic})(?P<os>[,:、]|是|要)")
        if words:
            parts.append(rf"(?P<word>{words})(?P<ws>[,:])?")
        if clause:
            parts.append(rf"(?P<cn>{num})(?P<cs>{clause})")
        if heading:
            parts.append(rf"(?P<hn>{num}|{arabic})(?P<hs>{heading})")
        # Every marker starts with one of these: checking that first is far cheaper
        # than trying each alternative at each position of the text.
        circled = map(chr, range(0x2460, 0x2474))
        first = _first_chars(
            ["(", *circled, *self._numerals, *_DIGITS, *self.patterns_of("ordinal_prefix"), *self._words]
        )
        return re.compile(f"(?={first})(?:{'|'.join(parts)})")

    def _build_cue_regex(self) -> re.Pattern[str] | None:
        """A sentence that leaves a list: `张荷红强调,` `会议指出,` `她希望…` `会后,`."""
        verbs = alternation(self.patterns_of("speech_verb"))
        open_verbs = alternation(self.patterns_of("speech_verb_open"))
        openers = alternation(self.patterns_of("leave_opener"))
        subjects = alternation(self.patterns_of("leave_subject"))
        connectives = alternation(self.patterns_of("cue_connective"))
        not_speaker = alternation(self.patterns_of("not_speaker"))
        # `按照…部署,` `根据…要求,` open a clause, they name no speaker.
        subject = rf"{f'(?!{not_speaker})' if not_speaker else ''}[^\s,。;:!?“”\"要]{{1,{MAX_SUBJECT}}}?"
        # `…的要求,` `也就是说,` `严格要求,`: no speech verb.
        not_before = "".join(f"(?<!{re.escape(w)})" for w in sorted(set(self.patterns_of("not_before_verb"))))
        lead = rf"(?:(?:{connectives}),?)?" if connectives else ""

        def speech(label: str, verbs: str) -> str:
            # The subject grows one character at a time: looking at the next one
            # first spares the lookbehinds wherever no verb can start.
            return rf"{lead}{subject}(?={_first_chars(self.patterns_of(label))}){not_before}(?:{verbs})"

        alternatives = []
        if verbs:
            alternatives.append(speech("speech_verb", verbs) + "[,:]")
        if open_verbs:
            alternatives.append(speech("speech_verb_open", open_verbs))
        if openers:
            alternatives.append(rf"(?:{openers})(?=[,:\s])")
        if subjects:
            alternatives.append(rf"(?:{subjects})")
        topics = alternation(self.patterns_of("topic_preposition"))
        topic_verbs = alternation(self.patterns_of("topic_verb"))
        if topics and topic_verbs:
            # `刘云华就…作了统一部署`: a new speaker with a topic of their own.
            alternatives.append(
                rf"{lead}{subject}(?:{topics})[^\s,。;!?]{{1,{MAX_SUBJECT}}}?(?:{topic_verbs})"
            )
        if not alternatives:
            return None
        # At the start of the text or after a sentence's end: one negative lookbehind,
        # cheaper at each position than `(?:(?<=[。!?;\n])|^)`.
        return re.compile(r"(?<![^。!?;\n])[ \t]*(?:" + "|".join(alternatives) + ")")

    # -- matching ---------------------------------------------------------------------

    def match(self, doc: Doc) -> list[EnumList]:
        """The lists of `doc`, in normalized offsets, in the order of their first item."""
        text = get_normalized(doc).text
        if self._marker_re is None or not text:
            return []
        markers = self._find_markers(text)
        if len(markers) < 2:
            return []
        para_ends = _paragraph_ends(text)
        cues = [m.start() + len(m.group()) - len(m.group().lstrip(" \t")) for m in self._cues(text)]
        chains = self._chain(markers, text, para_ends, cues)
        lists = []
        for chain in chains:
            found = self._cut(chain, text, para_ends, cues)
            if found is not None:
                lists.append(found)
        lists.sort(key=lambda lst: lst.items[0].start)
        return lists

    def _cues(self, text: str) -> Iterable[re.Match[str]]:
        """Sentences that leave a list; not those that quote an authority inside an
        item (`习近平总书记强调,…`)."""
        if self._cue_re is None:
            return
        for m in self._cue_re.finditer(text):
            if self._authority_re is None or not self._authority_re.search(m.group()):
                yield m

    def _find_markers(self, text: str) -> list[Marker]:
        """Every marker candidate that is not part of a word, a number or a slogan."""
        in_slogan = bytearray(len(text))
        if self._slogan_re is not None:
            for m in self._slogan_re.finditer(text):
                in_slogan[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        markers = []
        for m in self._marker_re.finditer(text):
            if in_slogan[m.start()] or in_slogan[m.end() - 1]:
                continue
            marker = self._marker(m, text)
            if marker is not None:
                markers.append(marker)
        return markers

    def _marker(self, m: re.Match[str], text: str) -> Marker | None:
        start, end = m.start(), m.end()
        if m.group("paren"):
            number = m.group("pn")
            family = "paren_arabic" if number[0] in _DIGITS else "paren"
            return self._numbered(number, start, end, family, family)
        if m.group("circ"):
            value = ord(m.group("circ")) - 0x2460 + 1
            return Marker(start, end, value, "circled", "circled")
        if m.group("op"):
            return self._numbered(m.group("on"), start, end, "ordinal", "ordinal")
        if m.group("word"):
            if not _boundary_before(text, start):
                return None
            if (
                m.group("word") in self._strict_words
                and not m.group("ws")
                and text[end : end + 1] not in "要是"
            ):
                return None  # `再次强调`, `最后形成`: adverbs, no markers
            value = self._words.get(m.group("word"), 0)
            return Marker(start, end, value, "ordinal", "ordinal") if value else None
        if m.group("cn"):
            if self._inside_word(text, start):
                return None
            return self._numbered(m.group("cn"), start, end, "clause", "clause_" + m.group("cs"))
        number = m.group("hn")
        if not _boundary_before(text, start) or (start and text[start - 1] in _NOT_BEFORE_HEADING):
            return None
        if end < len(text) and (text[end] in self._numerals or text[end] in _DIGITS):
            return None  # `一、二年级`, `1.5`
        family = "heading_arabic" if number[0] in _DIGITS else "heading"
        return self._numbered(number, start, end, family, family)

    def _numbered(self, number: str, start: int, end: int, family: str, kind: str) -> Marker | None:
        value = self._value(number)
        return Marker(start, end, value, family, kind) if value else None

    def _value(self, number: str) -> int:
        """`三` → 3, `十一` → 11, `二十` → 20, `12` → 12; 0 for what is no number."""
        if number.isdigit():
            return int(number)
        tens = [i for i, c in enumerate(number) if c in self._tens]
        if not tens:
            return self._numerals.get(number, 0) if len(number) == 1 else 0
        if len(tens) > 1:
            return 0
        left, right = number[: tens[0]], number[tens[0] + 1 :]
        if len(left) > 1 or len(right) > 1:
            return 0
        high = self._numerals.get(left, 0) if left else 1
        low = self._numerals.get(right, 0) if right else 0
        if not high or (right and not low) or high >= 10 or low >= 10:
            return 0
        return high * 10 + low

    def _inside_word(self, text: str, start: int) -> bool:
        """The numeral at `start` belongs to the word before it (`统一是`, `之一是`)."""
        if start and (text[start - 1] in _DIGITS or text[start - 1].isascii() and text[start - 1].isalpha()):
            return True
        return any(text[max(0, start - n) : start] in self._heads for n in self._head_lengths)

    # -- chaining ---------------------------------------------------------------------

    def _chain(self, markers: list[Marker], text: str, para_ends: list[int], cues: list[int]) -> list[_Open]:
        """Chain markers into lists in one pass; see the module docstring."""
        active: list[_Open] = []  # at most one per marker kind, oldest first
        done: list[_Open] = []

        def limit_after(pos: int) -> tuple[int, bool]:
            para = _next(para_ends, pos, len(text))
            if _opens_paragraph(text, pos):
                return para, False  # `一、` heading a paragraph: the item is the paragraph
            cue = _next(cues, pos + 1, len(text))
            return (cue, True) if cue < para else (para, False)

        def close(lst: _Open, at: int | None) -> None:
            lst.close_at = at
            done.append(lst)

        for marker in markers:
            p = marker.start
            if marker.ordinal == LAST and (_next(cues, p, -1) == p or self._narrates(text, marker.end)):
                continue  # `最后,谢校长表示,…`: the report goes on, the list does not
            target = None
            for lst in reversed(active):
                if lst.markers[-1].family != marker.family:
                    continue
                wanted = marker.ordinal == lst.expected or (marker.ordinal == LAST and len(lst.markers) >= 2)
                if wanted and self._reachable(lst, p, cues):
                    target = lst
                    break
            if target is not None:
                since = target.markers[-1].start
                for lst in [x for x in active if x is not target and x.markers[0].start > since]:
                    active.remove(lst)
                    close(lst, p)
                target.markers.append(marker)
                target.limit, target.hard = limit_after(p)
                continue
            if marker.ordinal != 1:
                continue
            for lst in list(active):
                same_kind = lst.markers[0].kind == marker.kind
                finished = lst.markers[-1].family == marker.family and lst.limit < p
                if same_kind or finished:
                    active.remove(lst)
                    close(lst, p)
            limit, hard = limit_after(p)
            first_word = text[p : marker.end].rstrip(",:") in self._words
            active.append(_Open([marker], limit, hard, first_word=first_word))
        for lst in active:
            close(lst, None)
        return [lst for lst in done if len(lst.markers) >= 2]

    @staticmethod
    def _reachable(lst: _Open, p: int, cues: list[int]) -> bool:
        """May the marker at `p` continue `lst`? Inside its last item, or past a
        paragraph end when no sentence in between leaves the list."""
        if p <= lst.limit:
            return True
        if lst.hard or p - lst.markers[-1].start > MAX_GAP:
            return False
        return _next(cues, lst.limit, p) >= p

    # -- items ------------------------------------------------------------------------

    def _cut(self, chain: _Open, text: str, para_ends: list[int], cues: list[int]) -> EnumList | None:
        """The items of a chained list, or None when it is no real list."""
        markers = chain.markers
        items = []
        for i, marker in enumerate(markers):
            if i + 1 < len(markers):
                end = markers[i + 1].start
            else:
                end = chain.limit if chain.close_at is None else min(chain.limit, chain.close_at)
                if end == chain.limit and not chain.hard:
                    end = _heading_body(text, marker.end, end, para_ends, cues)
                end = _drop_byline(text, marker.end, end, self._byline_re)
            end = _strip_end(text, marker.end, end)
            if _content(text, marker.end, end) < 2:
                return None  # `一是二是三是`: markers without substance
            ordinal = len(items) + 1 if marker.ordinal == LAST else marker.ordinal
            items.append(Item(marker.start, marker.end, end, ordinal))
        if chain.first_word and self._narrates(text, items[0].marker_end):
            return None  # `首先…随后…最后…` telling who spoke when
        intro = _intro(text, markers[0].start)
        if intro is not None and self._marker_re.fullmatch(text, *intro):
            intro = None  # `第三,一是…`: the comma ends the outer marker, there is no lead-in
        return EnumList(items, intro)

    def _narrates(self, text: str, start: int) -> bool:
        """The clause from `start` tells what happened at the meeting (`由…传达`,
        `他对…予以肯定`) rather than what is to be done."""
        clause = re.split(r"[,。;!?\n]", text[start : start + 60].lstrip(), maxsplit=1)[0]
        if "要" in clause:
            return False
        if clause.startswith(self._narration_subjects):
            return True
        return self._narration_re is not None and self._narration_re.search(clause) is not None

    # -- annotations ------------------------------------------------------------------

    def set_annotations(self, doc: Doc, matches: list[EnumList]) -> Doc:
        """Items to `doc.spans[spans_key]`, intros to `doc.spans[intro_key]`, then the
        extension values (they are keyed by character offsets, so they come last)."""
        view = get_normalized(doc)
        raw_items: list[tuple[int, int, int, int, str]] = []
        raw_intros: list[tuple[int, int, int]] = []
        for list_id, lst in enumerate(matches):
            for item in lst.items:
                start, end = _raw_range(view, item.start, item.end)
                marker_end = view.to_raw_span(item.start, item.marker_end)[1]
                raw_items.append((start, end, item.ordinal, list_id, view.raw[start:marker_end]))
            if lst.intro is not None:
                raw_intros.append((*view.to_raw_span(*lst.intro), list_id))
        doc, spans = spans_from_raw(
            doc,
            [(start, end, ITEM_LABEL) for start, end, *_ in raw_items]
            + [(start, end, INTRO_LABEL) for start, end, _ in raw_intros],
        )
        items = [
            (span, ordinal, list_id, marker)
            for span, (_, _, ordinal, list_id, marker) in zip(spans, raw_items)
            if span is not None
        ]
        intros = [
            (span, list_id) for span, (_, _, list_id) in zip(spans[len(raw_items) :], raw_intros) if span
        ]
        doc.spans[self.spans_key] = [span for span, *_ in items]
        doc.spans[self.intro_key] = [span for span, _ in intros]
        for span, ordinal, list_id, marker in items:
            set_span_value(span, "ordinal", ordinal)
            set_span_value(span, "list_id", list_id)
            set_span_value(span, "marker", marker)
        for span, list_id in intros:
            set_span_value(span, "list_id", list_id)
        return doc


def _raw_range(view: NormalizedText, start: int, end: int) -> tuple[int, int]:
    """Raw offsets of an item: it runs up to what follows it (the next marker, the
    paragraph's end), so noise the view dropped after its last character stays inside
    (`…就業(yè)服務(wù)專(zhuān)` cut at the end of the page)."""
    raw_start, last = view.to_raw_span(start, end)
    raw_end = view.to_raw(end)
    raw = view.raw
    while raw_end > last and (raw[raw_end - 1].isspace() or unicodedata.category(raw[raw_end - 1]) == "Cf"):
        raw_end -= 1
    return raw_start, raw_end


# -- text helpers -----------------------------------------------------------------------


def _paragraph_ends(text: str) -> list[int]:
    """Where paragraphs end: line breaks, and white space after a sentence's end
    (pages that join their paragraphs with spaces)."""
    return [m.start() for m in _PARAGRAPH_END.finditer(text)]


# The lookahead rules out most positions before the alternation is tried.
_PARAGRAPH_END = re.compile(r"(?=[\r\n \t])(?:[\r\n]|(?<=[。!?])[ \t])")


def _first_chars(words: Iterable[str]) -> str:
    """A character class of the first characters of `words`."""
    return "[" + "".join(sorted({re.escape(w[0]) for w in words if w})) + "]"


def _next(sorted_positions: list[int], pos: int, default: int) -> int:
    """The first position at or after `pos`, or `default`."""
    i = bisect_left(sorted_positions, pos)
    return sorted_positions[i] if i < len(sorted_positions) else default


def _boundary_before(text: str, start: int) -> bool:
    """Start of text, white space or punctuation right before `start`."""
    if start == 0:
        return True
    ch = text[start - 1]
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def _opens_paragraph(text: str, pos: int) -> bool:
    """Only white space stands between the last line break and `pos`."""
    line_start = text.rfind("\n", 0, pos) + 1
    return pos > 0 and line_start > 0 and not text[line_start:pos].strip()


def _strip_end(text: str, start: int, end: int) -> int:
    """`end` moved back over white space and closing HTML tags (`…氛围。</p></div>`
    on a scraped page), not before `start`."""
    while end > start:
        if text[end - 1].isspace():
            end -= 1
        elif text[end - 1] == ">" and (tag := _TRAILING_TAG.search(text, start, end)) is not None:
            end = tag.start()
        else:
            break
    return end


_TRAILING_TAG = re.compile(r"</?[A-Za-z][^<>]{0,80}>$")


def _drop_byline(text: str, start: int, end: int, byline: re.Pattern[str] | None) -> int:
    """A paragraph that ends in a parenthesized byline (`…贡献。(乔冠中)`,
    `…支持(记者 李明)`) ends before the byline."""
    stop = _strip_end(text, start, end)
    if stop - start < 4 or text[stop - 1] != ")":
        return end
    opening = text.rfind("(", max(start, stop - 30), stop)
    if opening <= start:
        return end
    if text[opening - 1] in "。!?;" or (byline is not None and byline.match(text, opening + 1)):
        return opening
    return end


def _heading_body(text: str, marker_end: int, end: int, para_ends: list[int], cues: list[int]) -> int:
    """A last item that is only a heading line (`三、强化保障`) also takes the
    paragraph under it, unless that paragraph leaves the list."""
    body = text[marker_end:end].strip()
    if len(body) > MAX_HEADING or any(c in body for c in "。!?;"):
        return end
    start = end
    while start < len(text) and text[start].isspace():
        start += 1
    if start >= len(text) or _next(cues, start, -1) == start:
        return end
    return min(_next(para_ends, start, len(text)), _next(cues, start + 1, len(text)))


def _content(text: str, start: int, end: int) -> int:
    """How many of the first characters of `text[start:end]` (eight at most) are
    neither space nor punctuation: enough to tell an item from a bare marker."""
    count = 0
    for ch in text[start : min(end, start + 8)]:
        if not (ch.isspace() or unicodedata.category(ch).startswith("P")):
            count += 1
    return count


def _intro(text: str, first: int) -> tuple[int, int] | None:
    """The lead-in clause ending in `,` or `:` right before the first marker
    (`会议要求,`), or None (the marker opens its sentence, or a subject precedes it:
    `各乡镇一要`)."""
    end = first
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0 or text[end - 1] not in ",:":
        return None
    clause_end = end - 1
    while clause_end > 0 and text[clause_end - 1] in ",:":
        clause_end -= 1  # doubled punctuation: `会议要求,,一是`
    floor = max(0, clause_end - MAX_INTRO)
    start = clause_end
    while start > floor and text[start - 1] not in ",。;:!?\r\n":
        start -= 1
    while start < clause_end and text[start].isspace():
        start += 1
    if start >= clause_end:
        return None
    return start, end


__all__ = ["EnumList", "EnumerationSplitter", "Item", "make_enumeration_scorer"]
