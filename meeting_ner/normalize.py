"""The normalized view of a raw text, and the map from its offsets back to the raw text.

Components never edit `doc.text`. They match on a normalized string instead, in which
traditional characters are simplified, pinyin glosses (`會(huì)議`) and zero-width
characters are removed, and full-width forms and odd spaces are folded, and then map
what they found back to raw offsets with `NormalizedText.to_raw_span`.

Characters are either kept one for one or deleted, never inserted, so the whole offset
map is the list of places where something was deleted (`breaks`) and how much had been
deleted by then (`shifts`): small for real pages, cheap to search with `bisect`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from .patterns import alternation

# A pinyin gloss in brackets right after a Han character: 會(huì), 會(hui), 央(yang),
# 月(yue). The body must look like one pinyin syllable so that `(ppt)` or `(A-AVG)` stay.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_VOWEL = f"aeiouv{_TONED}"
# Han characters, for the gloss rule here and for rules that ask whether a place is
# inside Chinese text (`han_mask`).
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF))
_HAN = "".join(f"{chr(low)}-{chr(high)}" for low, high in HAN_RANGES)
_GLOSS = rf"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[{_VOWEL}]{{1,4}}(?:ng|n|r)? ?[)\uff09]"  # after the bracket (`會(huì )` too)
PINYIN_GLOSS = re.compile(rf"(?<=[{_HAN}])[(\uff08]{_GLOSS}")
# Zero-width and other invisible format characters carry nothing a rule needs.
_INVISIBLE = "\u200b-\u200f\u2060-\u2064\ufeff\u00ad"
INVISIBLE = re.compile(f"[{_INVISIBLE}]+")
# Both, as one pattern that opens with a class of the characters either starts with:
# `re` skips to those in C, where a pattern that opens with a look-behind (as
# PINYIN_GLOSS does) is tried at every position; about five times faster.
DELETIONS = re.compile(
    rf"[(\uff08{_INVISIBLE}](?:(?<=[{_HAN}][(\uff08]){_GLOSS}|(?<=[{_INVISIBLE}])[{_INVISIBLE}]*)"
)

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def _opencc_dictionary(name: str) -> Path:
    import opencc

    return Path(opencc.__file__).parent / "dictionary" / name


@lru_cache(maxsize=1)
def _translation_table() -> dict[int, str]:
    """One `str.translate` table: traditional to simplified (OpenCC's TSCharacters,
    first choice), full-width ASCII to half-width, and every kind of space to ' '."""
    table: dict[int, str] = {}
    with open(_opencc_dictionary("TSCharacters.txt"), encoding="utf-8") as f:
        for line in f:
            trad, _, simp = line.rstrip("\n").partition("\t")
            first = simp.split(" ")[0]
            if len(trad) == 1 and len(first) == 1:
                table[ord(trad)] = first
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    for space in _SPACES:
        table[ord(space)] = " "
    return table


@lru_cache(maxsize=1)
def _phrase_fixes() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """OpenCC's traditional phrases whose simplified form differs from the one the
    character table gives (`乾淨` → `干净`). All of them keep their length."""
    table = _translation_table()
    fixes: dict[str, str] = {}
    with open(_opencc_dictionary("TSPhrases.txt"), encoding="utf-8") as f:
        for line in f:
            trad, _, simp = line.rstrip("\n").partition("\t")
            simp = simp.split(" ")[0]
            if len(trad) == len(simp) and trad.translate(table) != simp:
                fixes[trad] = simp
    if not fixes:
        return None, fixes
    return re.compile(alternation(fixes)), fixes


@dataclass(frozen=True)
class NormalizedText:
    """A normalized string and the map from its character offsets to the raw text."""

    raw: str
    text: str
    breaks: list[int] = field(default_factory=list)
    shifts: list[int] = field(default_factory=list)

    def to_raw(self, i: int) -> int:
        """Raw offset of the normalized character at `i` (or of the end, for `len`)."""
        k = bisect_right(self.breaks, i)
        return i + (self.shifts[k - 1] if k else 0)

    def to_raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw `[start, end)` of a non-empty normalized span: it starts on its first
        kept character and ends just after its last, so noise around it stays out."""
        return self.to_raw(start), self.to_raw(end - 1) + 1

    def to_norm(self, raw_offset: int) -> int:
        """Normalized offset of the first kept character at or after `raw_offset`."""
        # Deletion j takes raw [breaks[j] + shifts[j-1], breaks[j] + shifts[j]).
        j = bisect_right(self._raw_ends, raw_offset)
        if j < len(self.breaks) and raw_offset >= self.breaks[j] + (self.shifts[j - 1] if j else 0):
            return self.breaks[j]  # inside a deleted run: its next kept character
        return raw_offset - (self.shifts[j - 1] if j else 0)

    def deleted_starts(self) -> list[int]:
        """Raw offsets where each deleted run (gloss, zero-width character) starts."""
        return [b + (self.shifts[j - 1] if j else 0) for j, b in enumerate(self.breaks)]

    def deleted_ends(self) -> list[int]:
        """Raw offsets just after each deleted run."""
        return self._raw_ends

    @property
    def _raw_ends(self) -> list[int]:
        ends = self.__dict__.get("_raw_ends_cache")
        if ends is None:
            ends = [b + s for b, s in zip(self.breaks, self.shifts)]
            object.__setattr__(self, "_raw_ends_cache", ends)
        return ends


@lru_cache(maxsize=1)
def _code_table() -> np.ndarray:
    """`_translation_table` as an array indexed by code point, for `fold`: one numpy
    look-up maps a whole text, where `str.translate` makes a dictionary look-up and a
    string per character (about nine times slower on this genre)."""
    table = _translation_table()
    codes = np.arange(max(table) + 1, dtype=np.uint32)
    for code, folded in table.items():
        codes[code] = ord(folded)
    return codes


def _code_points(text: str) -> np.ndarray:
    """The code points of `text` (lone surrogates included), without a Python loop."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _translate(text: str) -> str:
    """`text.translate(_translation_table())`: every entry maps one character to one."""
    codes = _code_table()
    points = _code_points(text)
    if points.max(initial=0) < len(codes):
        points = codes[points]
    else:
        points = np.where(points < len(codes), codes[np.minimum(points, len(codes) - 1)], points)
    return points.tobytes().decode("utf-32-le", "surrogatepass")


@lru_cache(maxsize=1)
def _han_table() -> np.ndarray:
    """True at each Han code point, indexed by code point; its last entry (False)
    stands for every code point above."""
    top = max(high for _, high in HAN_RANGES) + 1
    table = np.zeros(top + 1, dtype=bool)
    for low, high in HAN_RANGES:
        table[low : high + 1] = True
    return table


def han_mask(text: str) -> np.ndarray:
    """True for each Han character of `text`: one numpy look-up for all code points,
    several times faster than marking the runs a regex finds."""
    table = _han_table()
    return table[np.minimum(_code_points(text), len(table) - 1)]


def fold(text: str) -> str:
    """Character-level normalization only (no deletions): same length as `text`."""
    folded = _translate(text)
    pattern, fixes = _phrase_fixes()
    if pattern is not None and not folded.isascii():
        for m in pattern.finditer(text):
            folded = folded[: m.start()] + fixes[m.group()] + folded[m.end() :]
    return folded


def normalize(raw: str) -> NormalizedText:
    """The normalized view of `raw`: see the module docstring."""
    if raw.isascii():
        return NormalizedText(raw, raw.translate(_translation_table()))
    pieces: list[str] = []
    breaks: list[int] = []
    shifts: list[int] = []
    kept = deleted = pos = 0
    for m in DELETIONS.finditer(raw):
        pieces.append(raw[pos : m.start()])
        kept += m.start() - pos
        deleted += m.end() - m.start()
        breaks.append(kept)
        shifts.append(deleted)
        pos = m.end()
    if not breaks:
        return NormalizedText(raw, fold(raw))
    pieces.append(raw[pos:])
    return NormalizedText(raw, fold("".join(pieces)), breaks, shifts)
