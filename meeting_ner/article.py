"""The article's headline and its own publication date, found among the page chrome.

A page is read line by line on the normalized view. The body starts at the first line
that reads as a sentence; the headline is the last headline-like block above the
article's own date stamp (or, with no stamp, above the body), and the publication
date is, in this order: a cue (`发布时间:`, `日期:`) before the body, a bare stamp
between the headline and the body, any other stamp before the body that is not a
page-render stamp (`2020年3月9日星期一`), a source or cue line after the body start
(`来源:中国水利网站 2017年11月6日`), and finally the configured `reference_date`.
Dates of related links, which come after the body, are never taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .component import RuleComponent
from .extensions import get_normalized
from .patterns import alternation
from .spans import ensure_boundaries


@Language.factory(
    "meeting_article",
    assigns=["doc._.published", "doc._.title"],
    default_config={"reference_date": None, "scorer": None},
)
def make_article_reader(
    nlp: Language, name: str, reference_date: str | None, scorer: Callable | None
) -> ArticleReader:
    return ArticleReader(nlp.vocab, name, reference_date=reference_date, scorer=scorer)


# A full date with its year, as stamps write it: 2022-03-19, 2022/3/19, 2022.03.19,
# 2020年02月03日, optionally with a clock time; never a part of a path
# (`/BeyondPic/2013-2/20/…jpg`).
FULL_DATE = re.compile(
    r"(?<![\d./])(?P<y>[12]\d{3})[ \t]{0,2}(?:[-/.]|年)[ \t]{0,2}(?P<m>\d{1,2})[ \t]{0,2}(?:[-/.]|月)"
    r"[ \t]{0,2}(?P<d>\d{1,2})(?![\d/])(?:[ \t]{0,2}日)?(?:[ \t]{0,3}\d{1,2}:\d{2}(?::\d{2})?)?"
)
# The other stamp forms content systems print: day first with dots (`10.11.2017  00:54`,
# as European locales write it) and English month names (Java's `Fri Sep 17 23:57:00
# CST 2021`, RFC 2822's `Fri, 17 Sep 2021 23:57:00`, `Sep 17, 2021`).
_DAY_FIRST = re.compile(
    r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>[12]\d{3})(?![\d.])(?:[ \t]{0,3}\d{1,2}:\d{2}(?::\d{2})?)?"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAME = r"(?P<mon>(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)"
_CLOCK_ZONE = r"(?:\d{1,2}:\d{2}(?::\d{2})?[ \t]+(?:[A-Z]{2,5}[ \t]+|[+-]\d{4}[ \t]+)?)?"
_ENGLISH_DATE = re.compile(
    rf"(?<![A-Za-z]){_MONTH_NAME}[ \t]+(?P<d>\d{{1,2}}),?[ \t]+{_CLOCK_ZONE}(?P<y>[12]\d{{3}})(?!\d)"
    rf"|(?<![\dA-Za-z])(?P<d2>\d{{1,2}})[ \t]+(?P<mon2>(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)"
    rf"[ \t]+(?P<y2>[12]\d{{3}})(?!\d)"
)
# A dateline at the head of the report (`臺海網1月24日訊`, `新华社北京3月5日电`): the
# date, then a `dateline_end` word.
_DATELINE_DATE = r"^\S{0,24}?(?<!\d)(?:(?P<y>[12]\d{3})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
_HAN_RUN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]+")
_KEY_VALUE = re.compile(r"^\S{1,6}[ \t]?:")
#: After `key:`, this many Han characters make a headline (`街道:召开区域化党建联席会`),
#: fewer a field of the page (`来源: 西藏日报`, `责任编辑:张明`).
_MIN_HEADLINE_AFTER_KEY = 8
_NAVIGATION = re.compile(r">|\||->|»|›|/ ")
_SENTENCE_HEAD = re.compile(
    r"^(?:\d{1,4}[ \t]?[年月日]|[一二三四五六七八九十]{1,3}月|近日|日前|今年|昨天|今天)"
)
# Where a page prints two of its lines as one: `标题 | `, or a gap before a field or a
# sentence (see `ArticleReader._parts`).
_BAR = re.compile(r"[ \t\u3000]*\|[ \t\u3000]*")
_GAP = re.compile(r"[ \t\u3000]+")
#: How a line that continues the headline above it opens: `——副题`, `(扩大)会议`.
_SUBTITLE = ("—", "-", "(")
_MAX_COLUMN_LABEL = 6  # Han characters of a column's label before a headline and a bar
_MAX_SKIP = 4  # chrome lines skipped between the headline and its stamp or the body


# A named tuple, not a frozen dataclass: one is built for every line of every page,
# and a tuple is built about twice as fast.
class _Line(NamedTuple):
    start: int  # first non-space character (normalized offsets)
    end: int  # after the last non-space character
    text: str
    han: int


@dataclass(frozen=True)
class ArticleMatch:
    """What `match` found: the headline `[start, end)` on the normalized view, and the
    publication date (TIMEX3 day) the page states, or None for either."""

    title: tuple[int, int] | None
    published: str | None


class ArticleReader(RuleComponent):
    """Set `doc._.title` and `doc._.published` (kept when already set).

    Pattern labels: published_cue (`发布时间`, `日期`: a date after it is the
    article's), source_cue (`来源`: a date on that line is), chrome (words of page
    furniture: `首页`, `分享`, `责任编辑`), render_cue (`星期`: a stamp of the day the
    page was rendered), headline_end (`会议`, `召开`: how a headline ends; with `event`, the
    ends that name the meeting itself, which pick the headline among its kicker and
    deck lines), masthead_end
    (`平台`, `资讯`: how a site's name ends, never joined to the headline below it).
    """

    PATTERN_LABELS = (
        "published_cue",
        "source_cue",
        "chrome",
        "render_cue",
        "headline_end",
        "masthead_end",
        "dateline_end",
    )

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

    def _compile(self) -> None:
        cues = alternation(self.patterns_of("published_cue"))
        self._cue_date = re.compile(rf"(?:{cues})[ \t]*:?[ \t]*") if cues else None
        self._source = _regex(self.patterns_of("source_cue"))
        fields = alternation(self.patterns_of("published_cue") + self.patterns_of("source_cue"))
        self._field = re.compile(rf"(?:{fields})[ \t]*:") if fields else None
        self._chrome = _regex(self.patterns_of("chrome"))
        self._render = _regex(self.patterns_of("render_cue"))
        self._ends = tuple(self.patterns_of("headline_end"))
        self._event_ends = tuple(self.patterns_of("headline_end", "event"))
        ends = alternation(self.patterns_of("dateline_end"))
        self._dateline_head = re.compile(rf"{_DATELINE_DATE}(?:{ends})") if ends else None
        self._mastheads = tuple(self.patterns_of("masthead_end"))

    def _dateline(self, text: str) -> str | None:
        """The date of a dateline opening the report (`1月24日讯`): `XXXX-01-24` without
        its year, as ANNOTATION.md's `dct` keeps what the page states."""
        m = self._dateline_head.match(text) if self._dateline_head else None
        if m is None:
            return None
        month, day = int(m["m"]), int(m["d"])
        if m["y"]:
            try:
                return date(int(m["y"]), month, day).isoformat()
            except ValueError:
                return None
        try:
            date(2000, month, day)  # a leap year: 2月29日 is a day
        except ValueError:
            return None
        return f"XXXX-{month:02d}-{day:02d}"

    # -- find -----------------------------------------------------------------------------

    def match(self, doc: Doc) -> ArticleMatch:
        """The headline and the stated publication date of the page."""
        text = get_normalized(doc).text
        lines = _lines(text)
        first = next((i for i, line in enumerate(lines) if self._is_sentence(line)), len(lines))
        # only the head of the page, down to the body's first line, holds run-together lines
        head = [part for line in lines[: first + 1] for part in self._parts(line)]
        lines = head + lines[first + 1 :]
        body = next((i for i, line in enumerate(head) if self._is_sentence(line)), len(lines))
        title = None
        for anchor in range(body - 1, -1, -1):  # the stamp nearest the body first
            line = lines[anchor]
            if self._cue(line) is not None or self._own_stamp(line) is not None:
                if (title := self._headline_above(lines, anchor)) is not None:
                    break
        if title is None:
            title = self._headline_above(lines, body)
        if title is not None and title[0] == title[1]:
            # a headline printed twice (above and below a subtitle or a stamp): the first
            earlier = (
                i
                for i in range(max(0, title[0] - _MAX_SKIP - 2), title[0])
                if lines[i].text == lines[title[0]].text
            )
            copy = next(earlier, title[0])
            title = (copy, copy)
        if title is not None:
            title = self._with_column_label(text, lines, title)
        published = self._published(lines, body, title)
        title_span = (lines[title[0]].start, lines[title[1]].end) if title is not None else None
        return ArticleMatch(title_span, published)

    def _parts(self, line: _Line) -> list[_Line]:
        """A line cut where a page runs two lines into one: at `|`, before a cue with its
        colon (`…如期举行 发布时间:2020年11月27日`), and before a body sentence that
        opens with a date (`…在海口举办 7月9日上午,由…`)."""
        if _GAP.search(line.text) is None and "|" not in line.text:
            return [line]  # most lines: nothing to cut, one C-level search
        if _KEY_VALUE.match(line.text):
            return [line]  # a row of fields (`发布机构: …局 发布日时间: …`), chrome as a whole
        cuts = [(m.start(), m.end()) for m in _BAR.finditer(line.text)]
        for m in _GAP.finditer(line.text):
            rest = line.text[m.end() :]
            if (self._field is not None and self._field.match(rest)) or (
                _SENTENCE_HEAD.match(rest)
                and self._dateline(line.text[: m.start()]) is None  # `…1月24日讯 据…报道 23日,`
                and self._is_sentence(_part(line, m.end(), len(line.text)))
            ):
                cuts.append((m.start(), m.end()))
        if not cuts:
            return [line]
        parts, pos = [], 0
        for start, end in sorted(cuts):
            if start > pos:
                parts.append(_part(line, pos, start))
            pos = max(pos, end)
        if pos < len(line.text):
            parts.append(_part(line, pos, len(line.text)))
        return [part for part in parts if part.text]

    def _with_column_label(self, text: str, lines: list[_Line], title: tuple[int, int]) -> tuple[int, int]:
        """The headline with the column's label that the page prints before it on its
        line (`聚焦两会 | 西夏区…开幕`): a few Han characters and a bar, not chrome."""
        first = title[0]
        if first == 0:
            return title
        label, line = lines[first - 1], lines[first]
        between = text[label.end : line.start]
        if (
            _BAR.fullmatch(between)
            and label.han == len(label.text) <= _MAX_COLUMN_LABEL
            and not self._is_chrome(label)
        ):
            return first - 1, title[1]
        return title

    def _cue(self, line: _Line) -> str | None:
        """The date after a publication cue on `line` (`发布时间:2022-03-19`)."""
        if self._cue_date is None:
            return None
        for m in self._cue_date.finditer(line.text):
            if (found := _date_in(line.text, m.end(), anchored=True)) is not None:
                return found[0]
        return None

    def _own_stamp(self, line: _Line) -> str | None:
        """A stamp that is not the page's rendering date (`2020年3月9日星期一`)."""
        if self._render is not None and self._render.search(line.text):
            return None
        return self._stamp_date(line)

    def _published(self, lines: list[_Line], body: int, title: tuple[int, int] | None) -> str | None:
        for line in lines[:body]:
            if (value := self._cue(line)) is not None:
                return value
        after_title = title[1] + 1 if title is not None else 0
        for line in lines[after_title:body]:
            if (value := self._stamp_date(line)) is not None:
                return value
        for line in lines[:after_title]:
            if (value := self._own_stamp(line)) is not None:
                return value
        dateline = self._dateline(lines[body].text) if body < len(lines) else None
        if dateline is not None and not dateline.startswith("X"):
            return dateline
        for line in lines[body:]:
            if self._is_sentence(line):
                continue
            if (value := self._cue(line)) is not None:
                return value
            if self._source is not None and self._source.search(line.text):
                if (found := _date_in(line.text)) is not None:
                    return found[0]
        return dateline  # a dateline without its year, when nothing says more

    def _stamp_date(self, line: _Line) -> str | None:
        """The date of a stamp line: a full date and little else (a site name, a
        source, a clock time), never a sentence."""
        if "。" in line.text or line.han > 40:
            return None
        found = _date_in(line.text)
        if found is None:
            return None
        value, start, end = found
        if _han_count(line.text[:start] + line.text[end:]) > 24:
            return None
        return value

    def _is_sentence(self, line: _Line) -> bool:
        """A line of the body: it has a full stop, or a comma after a date or a long run."""
        if line.han < 12:
            return False
        if "。" in line.text:
            return True
        if "," in line.text and (line.han >= 40 or _SENTENCE_HEAD.match(line.text)):
            return True
        return False

    def _is_chrome(self, line: _Line) -> bool:
        text = line.text
        if line.han < 2 or _NAVIGATION.search(text):
            return True
        if key := _KEY_VALUE.match(text):
            value = text[key.end() :]
            if _han_count(value) < _MIN_HEADLINE_AFTER_KEY or ":" in value:
                return True  # `来源: 西藏日报`, `发布机构:…关 键 词:会议`; not `街道:召开…联席会`
        return bool(self._chrome and self._chrome.search(text)) or _date_in(text) is not None

    def _headline_like(self, line: _Line, min_han: int) -> bool:
        if line.han < min_han or len(line.text) > 100 or self._is_sentence(line) or self._is_chrome(line):
            return False
        if line.text.endswith(("。", ",", ":", ";")):
            return False
        return line.han * 2 >= len(line.text.replace(" ", ""))

    def _headline_above(self, lines: list[_Line], anchor: int) -> tuple[int, int] | None:
        """(first, last) line index of the headline block right above line `anchor`."""
        bottom, skipped = None, 0
        for i in range(anchor - 1, -1, -1):
            line = lines[i]
            if self._headline_like(line, 6) or (
                self._headline_like(line, 2) and (line.text.startswith("(") or line.text.endswith(self._ends))
            ):
                bottom = i
                break
            skipped += 1
            if skipped > _MAX_SKIP or self._is_sentence(line):
                return None
        if bottom is None:
            return None
        for i in range(bottom, max(0, bottom - 3), -1):
            if lines[i - 1].text == lines[i].text and self._headline_like(lines[i], 6):
                return i - 1, i - 1  # a page that prints its headline twice, a deck after it
        if not lines[bottom].text.endswith(self._event_ends) and not lines[bottom].text.startswith(_SUBTITLE):
            # the line that names the meeting is the headline; kicker and deck lines
            # around it are not (`全县领导干部会议召开` / `传达学习市两会精神`), but a
            # subtitle after a dash is (`——研究部署…`)
            for i in range(bottom - 1, max(-1, bottom - 3), -1):
                if not self._headline_like(lines[i], 6):
                    break
                if lines[i].text.endswith(self._event_ends):
                    return i, i
        top = bottom
        for i in range(bottom - 1, max(-1, bottom - 4), -1):
            line = lines[i]
            continued = lines[top].text.startswith(_SUBTITLE)  # ——副题, (扩大)会议
            if not self._headline_like(line, 6 if continued else 10):
                break
            if line.text.endswith(self._ends) and not continued:
                break
            if self._mastheads and line.text.endswith(self._mastheads):
                break  # a site's name or motto above the headline: 旅游新闻资讯传播平台
            top = i
        return top, bottom

    # -- write ----------------------------------------------------------------------------

    def set_annotations(self, doc: Doc, matches: ArticleMatch) -> Doc:
        """Write the headline span and, unless already set, the publication date."""
        if doc._.published is None:
            doc._.published = matches.published or self.reference_date
        title = None
        if matches.title is not None:
            start, end = get_normalized(doc).to_raw_span(*matches.title)
            title = doc.char_span(start, end)
            if title is None:
                doc = ensure_boundaries(doc, (start, end))
                title = doc.char_span(start, end)
        doc._.title = title
        return doc


def _lines(text: str) -> list[_Line]:
    """The non-blank lines of `text`, trimmed, with their offsets."""
    lines = []
    pos = 0
    for raw in text.split("\n"):
        if raw.strip():
            lines.append(_trimmed(raw, pos))
        pos += len(raw) + 1
    return lines


def _part(line: _Line, start: int, end: int) -> _Line:
    """The part `[start, end)` of `line`, trimmed, as a line of its own."""
    return _trimmed(line.text[start:end], line.start + start)


def _trimmed(raw: str, offset: int) -> _Line:
    """`raw`, found at `offset`, as a line without its surrounding white space."""
    text = raw.strip()
    start = offset + len(raw) - len(raw.lstrip())
    return _Line(start, start + len(text), text, _han_count(text))


def _han_count(text: str) -> int:
    """The number of Han characters of `text`, counted by runs: a list of every
    character would cost one string each."""
    return sum(map(len, _HAN_RUN.findall(text)))


def _date_in(text: str, pos: int = 0, *, anchored: bool = False) -> tuple[str, int, int] | None:
    """The first stamp date in `text` from `pos` (or exactly at `pos`): its day value
    (`2022-03-19`) and where it stands, in any of the forms stamps are written in."""
    best = None
    for pattern in (FULL_DATE, _DAY_FIRST, _ENGLISH_DATE):
        for m in pattern.finditer(text, pos):
            if anchored and m.start() != pos:
                break
            if (value := _day(m)) is not None:
                if best is None or m.start() < best[1]:
                    best = (value, m.start(), m.end())
                break
    return best


def _day(m: re.Match[str]) -> str | None:
    """`2022-03-19` for a stamp match, None if it is no real day."""
    groups = m.groupdict()
    if groups.get("mon") or groups.get("mon2"):
        month = _MONTHS.index((groups["mon"] or groups["mon2"])[:3].lower()) + 1
        y, mo, d = int(groups["y"] or groups["y2"]), month, int(groups["d"] or groups["d2"])
    else:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def _regex(words: list[str]) -> re.Pattern[str] | None:
    return re.compile(alternation(words)) if words else None
