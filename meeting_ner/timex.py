"""Calendar expressions: parse the text into a `DateExpr`, then resolve it to TIMEX3.

The two steps are kept apart, as in EDS-NLP: `DateScanner.scan` finds and parses
expressions on a normalized string (no reference date needed), and `resolve` turns
one `DateExpr` into a TIMEX3 value (`2022-03-16`, `XXXX-03-27`, `2024-Q1`,
`2020-01-31TMO`, `PAST_REF`) against the publication date, following
ANNOTATION.md §3. Everything here is pure: no spaCy, no Doc.

The grammar (how numerals, 年/月/日 and separators combine) is code; the words
(relative days, parts of day, vague references, ...) come from the `dates` pattern
vocabulary and are handed to `DateScanner` as a `DateVocabulary`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import NamedTuple

from .patterns import alternation

# -- numerals -------------------------------------------------------------------------

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGIT.update({"六": 6, "七": 7, "八": 8, "九": 9})
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}


def cn_number(text: str) -> int | None:
    """The value of an Arabic, Chinese or digit-by-digit Chinese numeral.

    `16`, `十六`, `二十三`, `廿三`, `卅一`, `二〇二二`, `两千零四`; None if it is none.
    """
    text = text.strip()
    if not text:
        return None
    if text.isascii():
        return int(text) if text.isdigit() else None
    text = text.replace("廿", "二十").replace("卅", "三十")
    if not any(c in _CN_UNIT for c in text):
        if all(c in _CN_DIGIT for c in text):
            value = 0
            for c in text:
                value = value * 10 + _CN_DIGIT[c]
            return value
        return None
    total, digit = 0, None
    for c in text:
        if c in _CN_DIGIT:
            digit = _CN_DIGIT[c]
        elif c in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[c]
            digit = None
        else:
            return None
    return total + (digit or 0)


# -- the parsed expression ------------------------------------------------------------


@dataclass(frozen=True)
class DateExpr:
    """What a calendar expression says, before any reference date is known.

    Absolute parts (`year`, `month`, `day`), parts relative to the publication date
    (`year_offset` for 今年/去年, `month_offset` for 本月, `day_offset` for 今天,
    `week_offset` for 上周), to the date mentioned before (`anchor_offset` for
    当天/次日), and what may follow a day (`part_of_day` `MO`/`AF`/..., a clock time).
    """

    year: int | None = None
    year_offset: int | None = None
    month: int | None = None
    month_offset: int | None = None
    day: int | None = None
    day_offset: int | None = None
    anchor_offset: int | None = None
    week_offset: int | None = None
    weekday: int | None = None
    quarter: int | None = None
    half: int | None = None
    #: `1-5月`: a span of months inside one year; its value is the year.
    month_span: bool = False
    part_of_day: str | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    #: `PAST_REF`, `FUTURE_REF`, or `CONTEXT` (decided by the sentence: 近期).
    ref: str | None = None
    #: A garbled `328日` (月 lost): the (month, day) readings it may stand for.
    readings: tuple[tuple[int, int], ...] = ()
    #: False for an impossible date (`2月30日`): a DATE without a value.
    valid: bool = True


@dataclass(frozen=True)
class DateMention:
    """One expression found in a text: `[start, end)` and what it says.

    `joined` is True when it continues a range from the mention before it
    (`8月21日至23日`: `23日` takes its month and year from `8月21日`).
    """

    start: int
    end: int
    expr: DateExpr
    joined: bool = False


@dataclass
class DateVocabulary:
    """The words of the date grammar, from the `dates` patterns.

    Each maps a word to the `DateExpr` fields it sets (`今天` → `{"day_offset": 0}`).
    """

    words: dict[str, dict] = field(default_factory=dict)
    part_of_day: dict[str, str] = field(default_factory=dict)
    lunar_prefix: set[str] = field(default_factory=set)
    period_tail: set[str] = field(default_factory=set)
    duration_before: set[str] = field(default_factory=set)
    duration_after: set[str] = field(default_factory=set)
    weekday_follow: set[str] = field(default_factory=set)
    part_of_day_alone: set[str] = field(default_factory=set)  # 上午, with no day: the day before
    clause_initial: set[str] = field(default_factory=set)
    with_tail: set[str] = field(default_factory=set)  # 未来: a date only as 未来一段时间


# -- the grammar ----------------------------------------------------------------------

_SP = "[ \t]{0,2}"
_CN09 = "〇○零一二三四五六七八九"
_CN_MONTH = "(?:十[一二]|[一二三四五六七八九十]|正|元|腊|冬)"
_CN_DAY = "(?:三十一?|[二]十[一二三四五六七八九]?|十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?|[一二三四五六七八九])"
# A day written without 日 after its month (八月十五, 十月初一): never a bare digit (一月一次).
_CN_LUNAR_DAY = "(?:初[一二三四五六七八九十]|[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?)"
_CN_YEAR = f"(?:[{_CN09}]{{3,4}}|[两二]千(?:零[一二三四五六七八九]|零?[一二三四五六七八九]?十[一二三四五六七八九]?)?)"
_AR_YEAR = r"(?<![\d.])[12]\d{3}(?!\d)"
_NOT_NUM_BEFORE = r"(?<![0-9A-Za-z./\-:])"
_NOT_NUM_AFTER = r"(?![0-9A-Za-z]|[-/.:][0-9])"
_CN_HOUR = "(?:二十[一二三]?|十[一二三四五六七八九]?|[一二三四五六七八九两零])"
_CN_MINUTE = "(?:[一二三四五]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_WEEK_REL = "(?:上上|下下|上|下|本|这)(?:一?个)?"
_WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
_WEEKDAYS.update({str(i): i for i in range(1, 8)})
_WEEK_OFFSETS = {"上上": -2, "下下": 2, "上": -1, "下": 1, "本": 0, "这": 0}
_MONTH_NAMES = {"正": 1, "元": 1, "腊": 12, "冬": 11}

_NUMERIC_ATOMS = [
    # 2022-03-19, 2022/3/19, 2022.03.19 (one separator throughout)
    rf"(?P<ymd>{_NOT_NUM_BEFORE}(?P<ymd_y>[12]\d{{3}})(?P<ymd_s>[-/.])(?P<ymd_m>\d{{1,2}})(?P=ymd_s)"
    rf"(?P<ymd_d>\d{{1,2}}){_NOT_NUM_AFTER})",
    # 2010 01 29
    rf"(?P<ymdsp>{_NOT_NUM_BEFORE}(?P<sp_y>[12]\d{{3}}) (?P<sp_m>\d\d) (?P<sp_d>\d\d)(?![0-9A-Za-z]))",
    # 13.5.2015, 3-7-2017, 1/2/2020: day first when the year comes last
    rf"(?P<dmy>{_NOT_NUM_BEFORE}(?P<dmy_d>\d{{1,2}})(?P<dmy_s>[-/.])(?P<dmy_m>\d{{1,2}})(?P=dmy_s)"
    rf"(?P<dmy_y>[12]\d{{3}}){_NOT_NUM_AFTER})",
    # 3-7-07, 27-7-3, 05/05/89: two-digit years, order decided in `_short_numeric`
    rf"(?P<short>{_NOT_NUM_BEFORE}(?P<sh_a>\d{{1,2}})(?P<sh_s>[-/])(?P<sh_b>\d{{1,2}})(?P=sh_s)"
    rf"(?P<sh_c>\d{{1,2}}){_NOT_NUM_AFTER})",
    # 328日 (3月28日 with 月 lost): only at the head of a clause, see `_garbled`
    r"(?P<garbled>(?<!\d)(?P<gb_n>3[2-9]|[4-9]\d|\d{3,4})[ \t]?日)",
]
# Tried after the vocabulary words (今年, 上午, 近日), which come between the two lists.
_CALENDAR_ATOMS = [
    # 2021—2025年: the first year of a range of years
    r"(?P<yspan>(?<![\d.])(?P<ys_n>[12]\d{3})(?=[ \t]?[-—–~至到][ \t]?[12]\d{3}[ \t]?年))",
    rf"(?P<year>(?P<yr_n>{_AR_YEAR}|{_CN_YEAR}){_SP}年(?P<yr_mod>度|底|末|初(?=[,、 以起至到]))?)",
    # 1-5月, 1至5月: months of one year
    rf"(?P<mspan>(?<!\d)(?P<ms_a>\d{{1,2}}|{_CN_MONTH}){_SP}[-—–~至到]{_SP}(?P<ms_b>\d{{1,2}}|{_CN_MONTH}){_SP}月份?)",
    rf"(?P<quarter>(?<![\d一二三四五六七八九十])(?P<q_ord>第)?(?P<q_n>[一二三四1-4]){_SP}季度)",
    rf"(?P<weekday>(?:(?P<wd_rel>{_WEEK_REL}){_SP})?(?:星期|周|礼拜)(?P<wd_n>[一二三四五六日天1-7]))",
    rf"(?P<week>(?P<wk_rel>{_WEEK_REL}){_SP}(?:星期|周|礼拜))",
    # 八月十五, 十月初一: a Chinese day without 日 right after its month
    rf"(?P<mdcn>(?<!\d)(?P<mdc_m>\d{{1,2}}|{_CN_MONTH}){_SP}月(?P<mdc_d>{_CN_LUNAR_DAY})"
    r"(?![\d〇○零一二三四五六七八九十日号个万千百亿元人名项次条家所年月周天点时分]))",
    rf"(?P<month>(?<!\d)(?P<mo_n>\d{{1,2}}|{_CN_MONTH}){_SP}月(?P<mo_mod>份|上中旬|中下旬|上旬|中旬|下旬|底|末|初)?)",
    rf"(?P<day>(?<!\d)(?P<dy_n>\d{{1,2}}|{_CN_DAY}){_SP}(?P<dy_u>[日号]))",
    r"(?P<clock>(?<![\d:])(?P<ck_h>[01]?\d|2[0-3]):(?P<ck_m>[0-5]\d)(?::(?P<ck_s>[0-5]\d))?(?![\d:]))",
    rf"(?P<cnclock>(?<!\d)(?P<cc_h>\d{{1,2}}|{_CN_HOUR}){_SP}[时点](?:{_SP}(?P<cc_m>\d{{1,2}}|{_CN_MINUTE})分"
    r"|(?P<cc_half>半)|整)?)",
]
# What a calendar atom may start with besides a digit: keep in step with the atoms, as
# no atom is tried at any other character (see `DateScanner.__init__`).
_CALENDAR_HAN_FIRST = _CN09 + "十廿卅两正元腊冬第星周礼上下本这"

# Where each kind of atom sits in an expression: an expression is a run of adjacent
# atoms in increasing rank (year < month < day < weekday < part of day < clock).
_RANK = {
    "lunar": 0,
    "year": 1,
    "period": 2,
    "month": 3,
    "week": 3,
    "day": 4,
    "weekday": 5,
    "pod": 6,
    "clock": 7,
    "vague": 9,
}
#: What the last character of a date may be: a part of the day right after one is
#: no date alone.
_DATE_TAIL_CHARS = frozenset("0123456789日号天午晚时分点")
_STANDALONE = {"year", "period", "month", "week", "day", "weekday", "vague"}
_GAP = re.compile(r"[ \t]{0,2}")
_WEEKDAY_GAP = re.compile(r"[ \t]{0,2}|,[ \t]?")
_RANGE = re.compile(r"[ \t]{0,2}(?:至|到|-|—|–|~|、|和|及|或)[ \t]{0,2}")


# A named tuple, not a frozen dataclass: one is built for every match of the scan.
class _Atom(NamedTuple):
    start: int
    end: int
    kind: str
    fields: dict
    numeric_start: bool = False


class DateScanner:
    """Finds and parses the calendar expressions of a normalized text in one pass."""

    def __init__(self, vocab: DateVocabulary) -> None:
        self.vocab = vocab
        words = {w for w in (*vocab.words, *vocab.part_of_day, *vocab.lunar_prefix) if w}
        # Every atom starts with a digit, a numeral, a week word or a vocabulary word:
        # a one-character look-ahead rejects every other position at once, instead of
        # trying each alternative there (most of the text). Where it passes, a guard
        # before each group skips the alternatives that cannot start there: the numeric
        # atoms at a Chinese character, the calendar atoms at a vocabulary word, and
        # both inside a number (the 0 of 2022), where each has a look-behind that fails.
        digit = "(?<![0-9])(?=[0-9])"
        groups = [f"{digit}(?:{'|'.join(_NUMERIC_ATOMS)})"]
        if words:
            groups.append(f"(?P<word>{alternation(words)})")
        groups.append(f"(?:{digit}|(?=[{_CALENDAR_HAN_FIRST}]))(?:{'|'.join(_CALENDAR_ATOMS)})")
        first = set("0123456789" + _CALENDAR_HAN_FIRST) | {w[0] for w in words}
        lead = "(?=[" + "".join(re.escape(c) for c in sorted(first)) + "])"
        self._regex = re.compile(lead + "(?:" + "|".join(groups) + ")")
        tails = alternation(vocab.period_tail)  # the longest tail first, as a trie
        self._tail = re.compile(tails) if tails else None
        # As tuples, for one `startswith` / `endswith` call instead of one per word.
        self._parts_of_day = tuple(vocab.part_of_day)
        self._weekday_follow = tuple(vocab.weekday_follow)
        self._duration_before = tuple(vocab.duration_before)
        self._duration_after = tuple(vocab.duration_after)

    # -- parse --------------------------------------------------------------------------

    def scan(self, text: str) -> list[DateMention]:
        """Every calendar expression of `text`, left to right, parsed."""
        atoms = [a for m in self._regex.finditer(text) if (a := self._atom(m, text)) is not None]
        mentions: list[DateMention] = []
        i = 0
        while i < len(atoms):
            run = [atoms[i]]
            j = i + 1
            while j < len(atoms):
                atom = atoms[j]
                if atom.kind == "weekday" and run[-1].kind == "day" and _in_brackets(text, run[-1].end, atom):
                    # 3月9日(星期一)上午: the weekday in brackets says nothing new; what
                    # follows the bracket still belongs to the date.
                    j += 1
                    if j < len(atoms) and atoms[j].kind in ("pod", "clock"):
                        bridged = run[-1]._replace(end=atom.end + 1)
                        if self._continues([*run[:-1], bridged], atoms[j], text):
                            run.append(atoms[j])
                            j += 1
                    continue
                if not self._continues(run, atom, text):
                    break
                run.append(atom)
                j += 1
            mention = self._mention(run, text)
            if mention is not None:
                if mentions and _RANGE.fullmatch(text, mentions[-1].end, mention.start):
                    mention = _join(mentions[-1], mention)
                mentions.append(mention)
            i = j
        return mentions

    def _atom(self, m: re.Match, text: str) -> _Atom | None:
        kind = m.lastgroup
        s, e = m.span()
        if kind == "word":
            word = m["word"]
            if word in self.vocab.part_of_day:
                fields = {"part_of_day": self.vocab.part_of_day[word]}
                if word in self.vocab.part_of_day_alone:
                    fields["_alone"] = True
                return _Atom(s, e, "pod", fields)
            if word in self.vocab.lunar_prefix:
                return _Atom(s, e, "lunar", {})
            fields = dict(self.vocab.words[word])
            if word in self.vocab.clause_initial and not _clause_initial(text, s):
                if not (self._tail and self._tail.match(text, e)):
                    return None
            if "ref" in fields:
                tail = self._tail.match(text, e) if self._tail else None
                if tail is None and word in self.vocab.with_tail:
                    return None
                if tail:
                    e = tail.end()
                return _Atom(s, e, "vague", fields)
            if "month" in fields and "day" in fields:
                return _Atom(s, e, "day", fields)
            if "year_offset" in fields:
                return _Atom(s, e, "year", fields)
            if "half" in fields:
                return _Atom(s, e, "period", fields)
            if "month_offset" in fields:
                return _Atom(s, e, "month", fields)
            if "week_offset" in fields:
                return _Atom(s, e, "week", fields)
            return _Atom(s, e, "day", fields)
        if kind in ("ymd", "ymdsp", "dmy", "short"):
            if kind == "ymd":
                fields = _ymd(m["ymd_y"], m["ymd_m"], m["ymd_d"])
            elif kind == "ymdsp":
                fields = _ymd(m["sp_y"], m["sp_m"], m["sp_d"])
            elif kind == "dmy":
                fields = _ymd(m["dmy_y"], m["dmy_m"], m["dmy_d"])
            else:
                fields = _short_numeric(m["sh_a"], m["sh_b"], m["sh_c"])
            return None if fields is None else _Atom(s, e, "day", fields, True)
        if kind == "garbled":
            readings = _garbled(m["gb_n"])
            if not readings or not _clause_initial(text, s, dateline=True):
                return None
            return _Atom(s, e, "day", {"readings": readings}, True)
        if kind == "year":
            year = cn_number(m["yr_n"])
            return None if year is None else _Atom(s, e, "year", {"year": year}, True)
        if kind == "yspan":
            return _Atom(s, e, "year", {"year": int(m["ys_n"])}, True)
        if kind == "mspan":
            a, b = _month_number(m["ms_a"]), _month_number(m["ms_b"])
            if a is None or b is None or not 1 <= a < b <= 12:
                return None
            return _Atom(s, e, "period", {"month_span": True}, True)
        if kind == "quarter":
            return _Atom(s, e, "period", {"quarter": cn_number(m["q_n"])}, True)
        if kind == "weekday":
            follow = text[e : e + 1]
            if m["wd_rel"] is None and "周" in m["weekday"] and _is_han(follow):
                if not text.startswith(self._weekday_follow, e):
                    return None  # 周一鸣: a name, not Monday
            fields = {"weekday": _WEEKDAYS[m["wd_n"]]}
            if m["wd_rel"]:
                fields["week_offset"] = _week_offset(m["wd_rel"])
            return _Atom(s, e, "weekday", fields)
        if kind == "week":
            return _Atom(s, e, "week", {"week_offset": _week_offset(m["wk_rel"])})
        if kind == "mdcn":
            month, day = _month_number(m["mdc_m"]), cn_number(m["mdc_d"].lstrip("初"))
            if month is None or day is None or not 1 <= month <= 12 or not 1 <= day <= 31:
                return None
            return _Atom(s, e, "day", {"month": month, "day": day}, True)
        if kind == "month":
            month = _month_number(m["mo_n"])
            if month is None or not 1 <= month <= 12:
                return None
            return _Atom(s, e, "month", {"month": month}, True)
        if kind == "day":
            day = cn_number(m["dy_n"])
            if day is None or not 1 <= day <= 31:
                return None
            fields = {"day": day, "_cn": not m["dy_n"].isascii()}
            if m["dy_u"] == "号" and _is_han(text[e : e + 1]) and not text.startswith(self._parts_of_day, e):
                fields["_hao"] = True  # 3号楼, 1号文件: no date unless a month comes first
            return _Atom(s, e, "day", fields, True)
        if kind == "clock":
            fields = {"hour": int(m["ck_h"]), "minute": int(m["ck_m"])}
            if m["ck_s"]:
                fields["second"] = int(m["ck_s"])
            return _Atom(s, e, "clock", fields)
        if kind == "cnclock":
            hour = cn_number(m["cc_h"])
            minute = 30 if m["cc_half"] else cn_number(m["cc_m"]) if m["cc_m"] else 0
            if hour is None or minute is None or hour > 24 or minute > 59:
                return None
            return _Atom(s, e, "clock", {"hour": hour, "minute": minute})
        return None

    def _continues(self, run: list[_Atom], atom: _Atom, text: str) -> bool:
        """Whether `atom` extends the expression `run` (`2022年` + `3月` + `16日` + `上午`)."""
        last = run[-1]
        kinds = {a.kind for a in run}
        if atom.kind == "lunar":  # 2015年农历正月初一; 1月26日农历正月初二
            return last.kind in ("year", "day") and _GAP.fullmatch(text, last.end, atom.start) is not None
        echo = _lunar_echo(run)
        if echo is not None:  # the lunar reading of the solar day before it, then the time
            if not _GAP.fullmatch(text, last.end, atom.start):
                return False
            after = {a.kind for a in run[echo + 1 :]}
            if atom.kind in ("month", "day"):
                return "day" not in after and atom.kind not in after
            return atom.kind in ("pod", "clock") and "day" in after and atom.kind not in after
        if _RANK[atom.kind] <= _RANK[last.kind] or "vague" in kinds or atom.kind in ("vague", "lunar"):
            return False
        gap = _WEEKDAY_GAP if atom.kind == "weekday" else _GAP
        if not gap.fullmatch(text, last.end, atom.start):
            return False
        if atom.kind == "pod":
            return last.kind in ("day", "weekday") and atom.start - last.end <= 1
        if atom.kind == "clock":
            return last.kind in ("day", "weekday", "pod")
        if atom.kind == "weekday":
            return last.kind == "day" and "week_offset" not in atom.fields
        if "day" in kinds or "period" in kinds:
            return False
        if atom.kind == "year":
            return last.kind == "lunar"
        if atom.kind == "period":
            return "year" in kinds
        if atom.kind in ("month", "week"):
            return last.kind in ("year", "lunar")
        if atom.kind == "day":
            fields = atom.fields
            if (
                "year" in fields
                or "readings" in fields
                or "day_offset" in fields
                or "anchor_offset" in fields
            ):
                return False
            if "month" in fields:  # 十月初一 after 2015年 / 农历
                return "month" not in kinds
            return last.kind == "month" or (last.kind == "lunar" and "month" in kinds)
        return False

    def _mention(self, run: list[_Atom], text: str) -> DateMention | None:
        """The expression a run of atoms makes, or None when it is no date."""
        alone = run[0].fields.get("_alone", False)
        if run[0].kind not in _STANDALONE and not alone:  # a lunar prefix needs a date after it
            if run[0].kind != "lunar" or len(run) == 1 or run[1].kind not in ("year", "month", "day"):
                return None
        if alone and (
            text.endswith(self._duration_before, 0, run[0].start)
            or text[run[0].start - 1 : run[0].start] in _DATE_TAIL_CHARS
        ):
            return None  # 每上午; a garbled date's tail (`1月日下午`, `下午下午15:00`)
        fields: dict = {"anchor_offset": 0} if alone else {}
        echo = _lunar_echo(run)
        for k, atom in enumerate(run):
            if echo is None or k < echo or atom.kind in ("pod", "clock"):
                fields.update(atom.fields)
        cn_day = fields.pop("_cn", False)
        fields.pop("_alone", None)
        hao = fields.pop("_hao", False)
        start, end = run[0].start, run[-1].end
        head = run[1] if run[0].kind == "lunar" else run[0]
        if head.numeric_start and text.endswith(self._duration_before, 0, head.start):
            return None  # 第3日, 每月, 前三季度, 近7日
        single = len(run) == 1 and head.kind in ("day", "month") and "year" not in fields
        if single and head.kind == "day" and ("month" in fields or "readings" in fields):
            single = False
        if single and head.numeric_start:
            if cn_day or hao:
                return None  # 一日, 十日: counts far more often than dates; 3号楼
            if text.startswith(self._duration_after, end):
                return None  # 7日内, 30日内
        if head.kind == "weekday" and "week_offset" not in fields and start > 0:
            if text[start - 1] in "每一二三四五六七八九十两几数个":
                return None  # 每周一, 一周一次
        expr = DateExpr(**fields)
        if expr.month and expr.day and not _possible(expr.year, expr.month, expr.day):
            expr = replace(expr, valid=False)
        return DateMention(start, end, expr)


def _lunar_echo(run: list[_Atom]) -> int | None:
    """Where a lunar prefix stands after a solar day in `run` (`1月26日农历正月初二`):
    the lunar date only repeats the day, and the solar one gives the value."""
    for k, atom in enumerate(run):
        if atom.kind == "lunar":
            return k if k > 0 and run[k - 1].kind == "day" else None
    return None


def _in_brackets(text: str, end: int, atom: _Atom) -> bool:
    """Whether `atom` sits alone in brackets right after `end`: `(星期一)`."""
    return (
        _GAP.fullmatch(text, end, atom.start - 1) is not None
        and text[atom.start - 1 : atom.start] in "(["
        and text[atom.end : atom.end + 1] in ")]"
        and atom.start > end
    )


def _join(left: DateMention, right: DateMention) -> DateMention:
    """`8月21日至23日`: the right end of a range takes what it lacks from the left."""
    a, b = left.expr, right.expr
    if b.ref or a.ref or not (a.month or a.month_offset is not None) or b.readings:
        return right
    if b.day is not None and b.month is None and b.month_offset is None and b.year is None:
        b = replace(b, month=a.month, month_offset=a.month_offset, year=a.year, year_offset=a.year_offset)
        if b.month and b.day and not _possible(b.year, b.month, b.day):
            b = replace(b, valid=False)
        return replace(right, expr=b, joined=True)
    if b.month is not None and b.year is None and b.year_offset is None:
        return replace(right, joined=True)
    return right


def _ymd(y: str, m: str, d: str) -> dict | None:
    month, day = int(m), int(d)
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None  # 2022-13-45: no date at all
    return {"year": int(y), "month": month, "day": day}


def _short_numeric(a: str, b: str, c: str) -> dict | None:
    """Two-digit-year dates: `3-7-07` (day first), `27-7-3`, `12-11-10` (year first)."""
    na, nb, nc = int(a), int(b), int(c)
    if len(a) == 1 and len(c) == 2 or nc > 31:
        day, month, year = na, nb, nc
    elif len(a) == 2:
        year, month, day = na, nb, nc
    else:
        return None
    year += 2000 if year < 50 else 1900
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return {"year": year, "month": month, "day": day}


def _garbled(number: str) -> tuple[tuple[int, int], ...]:
    """`328` → ((3, 28),), `49` → ((4, 9),), `112` → ((1, 12), (11, 2))."""
    if int(number) <= 31:
        return ()
    readings = []
    for cut in (1, 2):
        month, day = int(number[:cut]), number[cut:]
        if len(day) <= 2 and not day.startswith("0") and 1 <= month <= 12 and 1 <= int(day) <= 31:
            if _possible(None, month, int(day)):
                readings.append((month, int(day)))
    return tuple(readings)


def _month_number(text: str) -> int | None:
    return _MONTH_NAMES.get(text) or cn_number(text)


def _week_offset(rel: str) -> int:
    rel = rel.replace("一个", "").replace("个", "")
    return _WEEK_OFFSETS.get(rel, 0)


def _is_han(ch: str) -> bool:
    return bool(ch) and ("\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0002ffff")


_CLAUSE_HEAD = set("\n,。;:!?、)】」”\"' \t") | {"讯", "电"}


def _clause_initial(text: str, start: int, *, dateline: bool = False) -> bool:
    """True at the start of the text, a line or a clause (after `讯` for a dateline)."""
    if start == 0:
        return True
    prev = text[start - 1]
    return prev in _CLAUSE_HEAD and (dateline or prev not in "讯电")


def _possible(year: int | None, month: int, day: int) -> bool:
    try:
        date(2000 if year is None else year, month, day)  # 2000: Feb 29 is possible
    except ValueError:
        return False
    return True


# -- resolve --------------------------------------------------------------------------


# A publication date that states no year (a dateline `1月24日讯`: `XXXX-01-24`) is
# resolved as a day of this leap year, and `mask_unknown_year` turns the year back into
# `XXXX` in what comes out: so `23日` still takes its month from the dateline.
UNKNOWN_YEAR = 2400
_UNKNOWN_YEARS = tuple(str(UNKNOWN_YEAR + k) for k in (-1, 0, 1))


def parse_dct(value: str | None) -> date | None:
    """The day of a TIMEX3 publication date (`2022-03-19`, `2020-02-03T16:28`, or
    `XXXX-01-24`, as a day of `UNKNOWN_YEAR`)."""
    if not value or not isinstance(value, str):
        return None
    m = re.match(r"(\d{4}|XXXX)-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return date(UNKNOWN_YEAR if m[1] == "XXXX" else int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def mask_unknown_year(value: str | None) -> str | None:
    """`XXXX-01-23` for a value resolved against a publication date without its year."""
    if value is not None and value.startswith(_UNKNOWN_YEARS):
        return "XXXX" + value[4:]
    return value


def resolve(
    expr: DateExpr,
    dct: date | None,
    *,
    planned: bool = False,
    anchor: str | None = None,
    after: str | None = None,
) -> str | None:
    """The TIMEX3 value of `expr`.

    dct: the publication date; an underspecified date takes the latest year (or
        month, week) that puts it on or before `dct`, or with `planned` (将于, 定于)
        the earliest on or after it; without `dct` the unknown part is `X`.
    anchor: the day value (`2022-03-16`) that 当天/次日 refer back to.
    after: the value of the left end of a range (`8月21日至23日`), for its year.
    Returns None for an impossible date.
    """
    if not expr.valid:
        return None
    if expr.ref is not None:
        return expr.ref
    day_value = _day_value(expr, dct, planned, anchor, after)
    if day_value is not None:
        return day_value + _time_suffix(expr)
    year = _year(expr, dct)
    if expr.quarter is not None:
        return f"{year}-Q{expr.quarter}"
    if expr.half is not None:
        return f"{year}-H{expr.half}"
    if expr.month_span:
        return year
    if expr.week_offset is not None:
        if dct is None:
            return "XXXX-WXX"
        iso = (dct + timedelta(weeks=expr.week_offset)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if expr.month is not None or expr.month_offset is not None:
        return _month_value(expr, dct, planned, after)
    if expr.year is not None or expr.year_offset is not None:
        return year
    return None


def _year(expr: DateExpr, dct: date | None) -> str:
    if expr.year is not None:
        return f"{expr.year:04d}"
    if dct is not None:
        return f"{dct.year + (expr.year_offset or 0):04d}"
    return "XXXX"


def _month_value(expr: DateExpr, dct: date | None, planned: bool, after: str | None) -> str:
    if expr.month_offset is not None:
        if dct is None:
            return "XXXX-XX"
        k = (dct.year + (expr.year_offset or 0)) * 12 + dct.month - 1 + expr.month_offset
        return f"{k // 12:04d}-{k % 12 + 1:02d}"
    month = expr.month
    if expr.year is not None or expr.year_offset is not None:
        year = _year(expr, dct)
        return f"{year}-{month:02d}"
    left = _left_year_month(after)
    if left is not None:
        year = left[0] + (1 if month < left[1] else 0)
        return f"{year:04d}-{month:02d}"
    if after is not None and after.startswith("XXXX") or dct is None:
        return f"XXXX-{month:02d}"
    year = dct.year
    if planned and month < dct.month:
        year += 1
    elif not planned and month > dct.month:
        year -= 1
    return f"{year:04d}-{month:02d}"


def _day_value(
    expr: DateExpr, dct: date | None, planned: bool, anchor: str | None, after: str | None
) -> str | None:
    if expr.anchor_offset is not None:
        base = parse_dct(anchor) or dct
        if base is None:
            return "XXXX-XX-XX"
        return (base + timedelta(days=expr.anchor_offset)).isoformat()
    if expr.day_offset is not None:
        # with no publication date, 明天 in a speech counts from the day the text gave
        base = dct or parse_dct(anchor)
        if base is None:
            return "XXXX-XX-XX"
        return (base + timedelta(days=expr.day_offset)).isoformat()
    if expr.weekday is not None and expr.day is None:
        return _weekday_value(expr, dct, planned)
    if expr.readings:
        return _reading_value(expr.readings, dct)
    if expr.day is None:
        return None
    if expr.month is None and expr.month_offset is None:
        # 1月5日…8日: a day without its month continues the month of the day before it.
        known = re.match(r"(\d{4}|XXXX)-(\d{2})-(\d{2})", anchor) if anchor else None
        if known and expr.day >= int(known[3]):
            if known[1] == "XXXX":  # `6月3日至4日…4日下午` on a page with no date of its own
                return f"XXXX-{known[2]}-{expr.day:02d}" if _possible(None, int(known[2]), expr.day) else None
            return _checked(int(known[1]), int(known[2]), expr.day)
        return _day_only_value(expr.day, dct, planned)
    if expr.month_offset is not None:
        month = _month_value(expr, dct, planned, None)
        if month.startswith("X"):
            return f"XXXX-XX-{expr.day:02d}"
        return _checked(int(month[:4]), int(month[5:]), expr.day)
    if expr.year is not None or expr.year_offset is not None:
        if expr.year is None and dct is None:
            return f"XXXX-{expr.month:02d}-{expr.day:02d}"
        return _checked(int(_year(expr, dct)), expr.month, expr.day)
    left = _left_year_month(after)
    if left is not None:
        year = left[0] + (1 if expr.month < left[1] else 0)
        return _checked(year, expr.month, expr.day)
    if after is not None and after.startswith("XXXX") or dct is None:
        return f"XXXX-{expr.month:02d}-{expr.day:02d}"
    step = 1 if planned else -1
    for k in range(9):  # 2月29日 may be four years away
        year = dct.year + step * k
        try:
            candidate = date(year, expr.month, expr.day)
        except ValueError:
            continue
        if (candidate >= dct) if planned else (candidate <= dct):
            return candidate.isoformat()
    return None


def _checked(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _day_only_value(day: int, dct: date | None, planned: bool) -> str | None:
    if dct is None:
        return f"XXXX-XX-{day:02d}"
    year, month = dct.year, dct.month
    for _ in range(13):
        try:
            candidate = date(year, month, day)
            if (candidate >= dct) if planned else (candidate <= dct):
                return candidate.isoformat()
        except ValueError:
            pass
        month += 1 if planned else -1
        if month == 0:
            year, month = year - 1, 12
        elif month == 13:
            year, month = year + 1, 1
    return None


def _weekday_value(expr: DateExpr, dct: date | None, planned: bool) -> str:
    if dct is None:
        return f"XXXX-WXX-{expr.weekday}"
    if expr.week_offset is not None:
        monday = dct - timedelta(days=dct.weekday()) + timedelta(weeks=expr.week_offset)
        return (monday + timedelta(days=expr.weekday - 1)).isoformat()
    if planned:
        return (dct + timedelta(days=(expr.weekday - dct.isoweekday()) % 7)).isoformat()
    return (dct - timedelta(days=(dct.isoweekday() - expr.weekday) % 7)).isoformat()


def _reading_value(readings: tuple[tuple[int, int], ...], dct: date | None) -> str | None:
    """The garbled reading that falls closest before the publication date, within
    `_GARBLED_WINDOW` of it (a report is published soon after its meeting)."""
    if dct is None:
        if len(readings) == 1:
            month, day = readings[0]
            return f"XXXX-{month:02d}-{day:02d}"
        return None
    best = None
    for month, day in readings:
        value = _day_value(DateExpr(month=month, day=day), dct, False, None, None)
        if value is None or dct - date.fromisoformat(value) > _GARBLED_WINDOW:
            continue
        if best is None or value > best:
            best = value
    return best


_GARBLED_WINDOW = timedelta(days=92)


def _left_year_month(after: str | None) -> tuple[int, int] | None:
    if not after:
        return None
    m = re.match(r"(\d{4})-(\d{2})", after)
    return (int(m[1]), int(m[2])) if m else None


def _time_suffix(expr: DateExpr) -> str:
    if expr.hour is not None:
        hour = expr.hour
        if expr.part_of_day in ("AF", "EV") and hour < 12 or expr.part_of_day == "NI" and 6 <= hour < 12:
            hour += 12
        if hour > 23:
            hour = 0 if hour == 24 else hour
        suffix = f"T{hour:02d}:{expr.minute or 0:02d}"
        if expr.second is not None:
            suffix += f":{expr.second:02d}"
        return suffix
    if expr.part_of_day:
        return f"T{expr.part_of_day}"
    return ""
