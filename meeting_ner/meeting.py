"""One record per report: the meeting's date, organizers, chairs, speakers and format.

The main meeting is found from its convening sentence ("3月27日,省教育厅召开…视频会议",
"…会议在…举行"): the one whose meeting name is most like the headline, first if none is.
Organizers are the AGENCYs that convene it, the date is the first DATE of that sentence,
the format is named there. Chairs and speakers are the OFFICIALs that are the subject
of 主持 and of a speech verb (讲话, 指出, 强调, 要求, 表示) from that sentence on, until
the report moves to another meeting (会后…). Everything else in the record (title,
published date, officials with their posts, requirement lists) is read off the Doc.
"""

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from .component import RuleComponent
from .entities import RUN_SEPARATORS
from .extensions import get_normalized, stored_value
from .normalize import NormalizedText
from .patterns import alternation

FORMATS = ("视频会议", "电视电话会议", "网络视频会议", "现场会议")
# A sentence, cut after 400 characters: no real one is longer, and the cap keeps every
# per-sentence step bounded, so a page with no punctuation costs what a normal one does.
_SENTENCE = re.compile(r"[^。!?\n]{1,400}[。!?]*|[。!?]+")
_CLAUSE_END = ",;:。!?\n"
#: What a sentence holds and a stamp line does not (`发布日期:` has its colon).
_SENTENCE_MARKS = _CLAUSE_END.replace(":", "").replace("\n", "")
# What follows a format that names the way a meeting was held: 以视频会议(的)形式.
_MEDIUM = re.compile(r"的?(?:形式|方式)")
_DAY = re.compile(r"(\d{4}|XXXX)-(\d{2}|XX)-\d{2}")
#: A DATE that names a calendar unit (`9月25日`, `当天`, `2024年`) dates its sentence; a
#: part of the day alone (`下午,…大会召开`) goes on from a day named before.
_CALENDAR_UNIT = re.compile(r"[年月日号天周\d]")
# What a light verb and its speech noun may hold between them: 作了总结讲话, 作教育工作报告;
# never 的, which makes the noun someone else's (所作的重要讲话, 工作的重要讲话).
MAX_SPEECH_MODIFIER = 12
# The place between a news agency and the date of its dateline: 新华社北京3月12日电.
MAX_DATELINE_PLACE = 4


@Language.factory(
    "meeting_record",
    assigns=["doc._.meeting"],
    requires=["doc.ents", "span._.date_value", "doc._.published"],
    default_config={"max_chair_gap": 6, "scorer": None},
)
def make_meeting_recorder(
    nlp: Language, name: str, max_chair_gap: int, scorer: Callable | None
) -> "MeetingRecorder":
    return MeetingRecorder(nlp.vocab, name, max_chair_gap=max_chair_gap, scorer=scorer)


@dataclass
class Mention:
    """An entity on the normalized view."""

    start: int
    end: int
    label: str
    text: str
    span: Span


@dataclass
class Sentence:
    start: int
    end: int
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class MeetingMatch:
    """What `match` found, before it becomes the record."""

    date: str | None = None
    organizers: list[str] = field(default_factory=list)
    chairs: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    format: str | None = None
    #: The entities, read once: every read of `doc.ents` builds a new Span for each.
    mentions: list[Mention] = field(default_factory=list)


class MeetingRecorder(RuleComponent):
    """Fill `doc._.meeting` from the entities, dates and lists already found."""

    PATTERN_LABELS = (
        "convene_verb",  # 召开, 举行: a meeting is held
        "chair_verb",  # 主持
        "speech_verb",  # 讲话, 指出, 强调, 要求, 表示
        "not_speech",  # 重要讲话, 讲话精神: the speech verb names someone else's speech
        "light_verb",  # 作, 做: with a speech noun after it, a speech (作重要讲话, 做了工作报告)
        "speech_noun",  # 讲话, 工作报告, 发言: what a light verb makes a speech of
        "object_cue",  # 传达, 学习, 贯彻: what follows is what was relayed, not who spoke
        "pronoun",  # 他, 她: the subject of the sentence before
        "after_meeting",  # 会后: the report moves past the meeting
        "back_reference",  # 此次, 本次: the sentence is about the meeting told before it
        "headline_verb",  # 传达学习: in a headline, what the organizers did at the meeting
        "format",  # 视频会议 …; "value" is the format it names (视频会商 → 视频会议)
        "dateline_end",  # 电, 讯 after a date: 新华社北京3月12日电 names the source
    )

    def __init__(
        self,
        vocab: Vocab,
        name: str = "meeting_record",
        *,
        max_chair_gap: int = 6,
        scorer: Callable | None = None,
    ) -> None:
        self.max_chair_gap = max_chair_gap
        super().__init__(vocab, name, scorer=scorer)

    def _compile(self) -> None:
        def matcher(label: str) -> re.Pattern[str] | None:
            words = self.patterns_of(label)
            return re.compile(alternation(words)) if words else None

        self._convene = matcher("convene_verb")
        self._convene_needs = {
            p["pattern"]: p["needs"]
            for p in self._patterns
            if p["label"] == "convene_verb" and p.get("needs")
        }
        self._chair = matcher("chair_verb")
        self._speech = matcher("speech_verb")
        self._not_speech = matcher("not_speech")
        light, nouns = self.patterns_of("light_verb"), self.patterns_of("speech_noun")
        self._light_speech = (
            re.compile(
                f"(?:{alternation(light)})[^的{_CLAUSE_END}]{{0,{MAX_SPEECH_MODIFIER}}}?(?:{alternation(nouns)})"
            )
            if light and nouns
            else None
        )
        self._object_cue = matcher("object_cue")
        self._pronoun = matcher("pronoun")
        self._after = matcher("after_meeting")
        self._back_reference = matcher("back_reference")
        self._headline = matcher("headline_verb")
        self._format = matcher("format")
        self._dateline_ends = tuple(self.patterns_of("dateline_end"))
        self._format_values = {
            p["pattern"]: p.get("value", p["pattern"]) for p in self._patterns if p["label"] == "format"
        }

    # -- find ---------------------------------------------------------------------------

    def match(self, doc: Doc) -> MeetingMatch:
        view = get_normalized(doc)
        text = view.text
        found = MeetingMatch(mentions=[_mention(view, e) for e in doc.ents])
        if not text.strip() or self._convene is None:
            return found
        mentions = found.mentions
        title = doc._.title
        body_start = view.to_norm(title.end_char) if title is not None else 0
        sentences = _sentences(text, mentions, body_start)
        body = [s for s in sentences if s.start >= body_start]
        title_sentences = [s for s in sentences if s.end <= body_start and title is not None]
        title_name = text[view.to_norm(title.start_char) : body_start] if title is not None else ""

        anchors = [s for s in body if self._convenes(text, s)]
        # The main meeting's sentence: one that dates the meeting, most like the headline.
        title_pairs = _pairs(title_name)
        anchor = max(
            anchors,
            key=lambda s: (
                any(m.label == "DATE" and _CALENDAR_UNIT.search(text, m.start, m.end) for m in s.mentions),
                _likeness(title_pairs, text[s.start : s.end]),
            ),
            default=None,
        )
        # What is said about it runs from there until the report leaves it (会后…).
        region = body
        inherited_date = None
        if anchor is not None:
            region = self._region(text, body, anchor)
            after = body.index(region[-1]) + 1
            if (
                after < len(body)
                and self._convenes(text, body[after])
                and not any(self._people(text, region, mentions))
            ):
                # They attended a meeting (a teleconference, say) and held their own
                # afterwards (会后…召开): the report is about the second, the same day.
                inherited_date = self._date_of(text, anchor)
                anchor = body[after]
                region = self._region(text, body, anchor)

        # A headline names who held the meeting before 召开, or before what they did at
        # it (教育厅党组传达学习…精神).
        held = [(s, self._convening_verb(text, s) or self._headline_verb(text, s)) for s in title_sentences]
        if anchor is not None:
            held.append((anchor, self._convening_verb(text, anchor)))
        for sentence, verb in held:
            for name in self._organizers(text, sentence, verb) if verb is not None else []:
                if name not in found.organizers:
                    found.organizers.append(name)
        if not found.organizers and anchor is not None:
            found.organizers = self._named_after_verb(text, anchor)
        if anchor is not None:
            found.date = self._date_of(text, anchor)
            found.format = self._format_in(text, anchor)
        if found.date is None and inherited_date:
            found.date = inherited_date.split("T")[0]
        if found.date is None:
            dates = [m for ss in (region, body) for s in ss for m in s.mentions if m.label == "DATE"]
            dates = [m for m in dates if m.span._.date_value]
            day = next((m for m in dates if not self._is_stamp(text, m, doc._.published)), None)
            day = day or next(iter(dates), None)
            found.date = day.span._.date_value if day is not None else None
        if found.format is None and anchor is None:
            for sentence in [*title_sentences, *body[:1]]:
                found.format = found.format or self._format_in(text, sentence)
        found.chairs, found.speakers = self._people(text, region, mentions)
        return found

    @staticmethod
    def _is_stamp(text: str, m: Mention, published: str | None) -> bool:
        """Whether the DATE is the page's publication stamp on a line of its own
        (`发布日期:2017年05月24日`), not the meeting's day, when no sentence that holds the
        meeting dates it (`5月23日上午,胡伟校长出席了…会议`)."""
        value = m.span._.date_value or ""
        if published is None or not value.startswith(published):
            return False
        line_start = text.rfind("\n", 0, m.start) + 1
        line_end = text.find("\n", m.end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        return not any(mark in line for mark in _SENTENCE_MARKS)

    def _date_of(self, text: str, sentence: Sentence) -> str | None:
        """The meeting's date in its sentence: the last day before the verb
        (新华网11月6日讯 11月3日上午,国务院召开…), else the first date there."""
        verb = self._convening_verb(text, sentence)
        dates = [m for m in sentence.mentions if m.label == "DATE"]
        days = [m for m in dates if verb is None or m.end <= verb.start()]
        days = [m for m in days if _DAY.match(m.span._.date_value or "")]
        chosen = days[-1] if days else (dates[0] if dates else None)
        return chosen.span._.date_value if chosen is not None else None

    def _region(self, text: str, body: list[Sentence], anchor: Sentence) -> list[Sentence]:
        start = body.index(anchor)
        if self._back_reference is not None and self._back_reference.match(text, anchor.start):
            start = 0  # `此次现场会以视频会议形式举行`: what came before was about it too
        region = body[start:]
        leaving = next((i for i, s in enumerate(region) if i and self._leaves(text, s)), len(region))
        return region[:leaving]

    def _people(
        self, text: str, region: list[Sentence], mentions: list[Mention]
    ) -> tuple[list[str], list[str]]:
        """Chairs and speakers, each once, in order of mention."""
        chairs, speakers = self._chairs(text, region), self._speakers(text, region, mentions)
        return chairs, speakers

    def _convening_verb(self, text: str, sentence: Sentence) -> re.Match[str] | None:
        """The first verb that holds a meeting; a verb with `needs` (组织 needs 会)
        counts only when its clause goes on to name a meeting."""
        for verb in self._convene.finditer(text, sentence.start, sentence.end):
            needs = self._convene_needs.get(verb.group())
            if needs is None:
                return verb
            if self._object_cue is not None and self._object_cue.match(text, verb.end()):
                continue  # 组织收看…会议: watching someone else's meeting
            if needs in text[verb.end() : _clause_end(text, verb.end(), sentence.end)]:
                return verb
        return None

    def _convenes(self, text: str, sentence: Sentence) -> bool:
        return self._convening_verb(text, sentence) is not None

    def _leaves(self, text: str, sentence: Sentence) -> bool:
        return self._after is not None and self._after.match(text, sentence.start) is not None

    def _headline_verb(self, text: str, sentence: Sentence) -> re.Match[str] | None:
        if self._headline is None:
            return None
        return self._headline.search(text, sentence.start, sentence.end)

    def _organizers(self, text: str, sentence: Sentence, verb: re.Match[str]) -> list[str]:
        """AGENCYs in the clause of `verb`, before it; not a venue (在…) and not the
        organ of a title (全国政协主席…)."""
        clause_start = _clause_start(text, sentence.start, verb.start())
        names = []
        for m, after in zip(sentence.mentions, [*sentence.mentions[1:], None]):
            if m.label != "AGENCY" or not (clause_start <= m.start and m.end <= verb.start()):
                continue
            if "在" in text[clause_start : m.start]:
                continue
            if after is not None and after.label == "POSITION" and after.start == m.end:
                continue
            if self._in_dateline(text, m, after):
                continue
            names.append(m.text)
        return names

    def _in_dateline(self, text: str, m: Mention, after: Mention | None) -> bool:
        """Whether the organ opens a dateline (`新华社北京3月12日电`): the news agency
        that sent the report, a few characters before a date that `电` or `讯` ends."""
        return (
            after is not None
            and after.label == "DATE"
            and after.start - m.end <= MAX_DATELINE_PLACE
            and text.startswith(self._dateline_ends, after.end)
        )

    def _named_after_verb(self, text: str, sentence: Sentence) -> list[str]:
        """The organ that opens the meeting's name (主持召开教育厅党组扩大会议)."""
        verb = self._convening_verb(text, sentence)
        return [m.text for m in sentence.mentions if m.label == "AGENCY" and m.start == verb.end()][:1]

    def _format_in(self, text: str, sentence: Sentence) -> str | None:
        """The format named in the convening clause, before the verb too (以视频会议形式召开),
        but not in a clause before it (收看…视频会后,召开会议)."""
        if self._format is None:
            return None
        verb = self._convening_verb(text, sentence)
        end = _clause_end(text, verb.end(), sentence.end) if verb is not None else sentence.end
        start = _clause_start(text, sentence.start, verb.start()) if verb is not None else sentence.start
        named = list(self._format.finditer(text, start, end))  # not `收看…视频会后,召开会议`
        # `此次现场会以视频会议的形式举行`: the format it was held in, over the kind of meeting
        found = next((m for m in named if _MEDIUM.match(text, m.end())), named[0] if named else None)
        return self._format_values.get(found.group()) if found else None

    def _chairs(self, text: str, region: list[Sentence]) -> list[str]:
        """The OFFICIAL right before 主持 (its titles, 同志 or a date may stand between)."""
        chairs: list[str] = []
        if self._chair is None or not region or not self._chair.search(text, region[0].start, region[-1].end):
            return chairs  # one search, not one per sentence, where 主持 is not named at all
        for sentence in region:
            for verb in self._chair.finditer(text, sentence.start, sentence.end):
                official = self._subject_before(text, sentence, verb.start(), max_gap=self.max_chair_gap)
                if official is not None and official.text not in chairs:
                    chairs.append(official.text)
        return chairs

    def _speakers(self, text: str, region: list[Sentence], mentions: list[Mention]) -> list[str]:
        """OFFICIALs who are the subject of a speech verb in their clause, or the person
        a 他/她 there refers back to, or the one a surname and title names (`徐市长`
        after `徐新民副市长`); not someone whose speech is relayed (传达…讲话)."""
        speakers: list[str] = []
        titled: dict[str, list[tuple[str, str]]] | None = None
        for i, sentence in enumerate(region):
            for verb in self._speech_events(text, sentence):
                clause_start = _clause_start(text, sentence.start, verb.start())
                before = [
                    m
                    for m in sentence.mentions
                    if m.label == "OFFICIAL" and clause_start <= m.start < verb.start()
                ]
                speaker = before[-1] if before else None
                if speaker is None and any(
                    m.label == "POSITION" and clause_start < m.start < verb.start() for m in sentence.mentions
                ):
                    if titled is None:  # read once, and only where a title may name the speaker
                        titled = _titled(mentions)
                    speaker = _by_surname_and_title(text, sentence, clause_start, verb.start(), titled)
                joined = _joined_run(text, before)  # `张海波、刘春燕先后发言`: each of them
                if speaker is None and self._pronoun is not None and self._pronoun.match(text, clause_start):
                    speaker = _first_official(reversed(region[:i]))
                if speaker is None and clause_start > sentence.start and verb.start() - clause_start <= 2:
                    # "…宋争辉就…做出安排,强调要…": the clause goes on with the sentence's subject
                    speaker = _first_official([sentence])
                if speaker is None:
                    continue
                if self._relayed(text, sentence, speaker):
                    continue
                for name in [m.text for m in joined if speaker is before[-1]] or [speaker.text]:
                    if name not in speakers:
                        speakers.append(name)
        return speakers

    def _relayed(self, text: str, sentence: Sentence, official: Mention) -> bool:
        """Whether the sentence relays what the official said elsewhere (`传达…讲话`,
        `会议认为,习近平总书记…强调`): a cue of an object before the name."""
        return (
            self._object_cue is not None
            and self._object_cue.search(text, sentence.start, official.start) is not None
        )

    def _speech_events(self, text: str, sentence: Sentence) -> list[re.Match[str]]:
        """The speech verbs of a sentence and its light-verb speeches (`并作重要讲话`),
        in text order, less those that name someone else's speech."""
        events = []
        if self._speech is not None:
            events += [
                verb
                for verb in self._speech.finditer(text, sentence.start, sentence.end)
                if not self._names_other_speech(text, sentence, verb)
            ]
        if self._light_speech is not None:
            events += [
                speech
                for speech in self._light_speech.finditer(text, sentence.start, sentence.end)
                if not self._speech_goes_on(text, sentence, speech)
            ]
        return sorted(events, key=lambda m: m.start())

    def _speech_goes_on(self, text: str, sentence: Sentence, speech: re.Match[str]) -> bool:
        """`所作的重要讲话精神`: the speech noun runs on into a word that names a relayed
        speech. `重要讲话` itself ends with the noun, so `作重要讲话` stays a speech."""
        return any(m.start() < speech.end() < m.end() for m in self._not_speech_near(text, sentence, speech))

    def _names_other_speech(self, text: str, sentence: Sentence, verb: re.Match[str]) -> bool:
        """讲话 in 重要讲话精神, 指出 in 在批示中指出: not a speech at this meeting."""
        return any(
            m.start() <= verb.end() and m.end() >= verb.start()
            for m in self._not_speech_near(text, sentence, verb)
        )

    def _not_speech_near(self, text: str, sentence: Sentence, verb: re.Match[str]) -> Iterator[re.Match[str]]:
        """The `not_speech` words within six characters of `verb`, each start tried, so
        that words that overlap are all found (`重要讲话` and `讲话和`)."""
        if self._not_speech is None:
            return
        window_end = min(sentence.end, verb.end() + 6)
        for k in range(max(sentence.start, verb.start() - 6), verb.end() + 1):
            m = self._not_speech.match(text, k, window_end)
            if m is not None:
                yield m

    def _subject_before(self, text: str, sentence: Sentence, position: int, max_gap: int) -> Mention | None:
        """The OFFICIAL nearest before `position` in its clause, with only titles,
        dates, 同志 and at most `max_gap` other characters in between."""
        clause_start = _clause_start(text, sentence.start, position)
        gap, cursor = 0, position
        for m in reversed([m for m in sentence.mentions if clause_start <= m.start and m.end <= position]):
            gap += len(text[m.end : cursor].replace("同志", ""))
            if gap > max_gap:
                return None
            if m.label == "OFFICIAL":
                return m
            cursor = m.start
        return None

    # -- write --------------------------------------------------------------------------

    def set_annotations(self, doc: Doc, matches: MeetingMatch) -> None:
        view = get_normalized(doc)
        title = doc._.title
        doc._.meeting = {
            "date": matches.date,
            "organizers": matches.organizers,
            "chairs": matches.chairs,
            "speakers": matches.speakers,
            "format": matches.format,
            "title": _norm_text(view, title) if title is not None else None,
            "published": doc._.published,
            "officials": _officials(doc, view, [m for m in matches.mentions if m.label == "OFFICIAL"]),
            "requirements": _requirements(doc, view, doc.spans.get("enumeration", [])),
        }


def _norm_range(view: NormalizedText, span: Span) -> tuple[int, int]:
    """The offsets of `span` on the normalized view."""
    return _norm_offsets(view, span.start_char, span.end_char)


def _norm_offsets(view: NormalizedText, start: int, end: int) -> tuple[int, int]:
    """The raw offsets `[start, end)` on the normalized view."""
    if not view.breaks:
        return start, end  # nothing deleted: the offsets agree
    return view.to_norm(start), view.to_norm(end)


def _norm_text(view: NormalizedText, span: Span) -> str:
    start, end = _norm_range(view, span)
    return " ".join(view.text[start:end].split())


def _compact_text(view: NormalizedText, start: int, end: int) -> str:
    """The normalized text of the raw range `[start, end)` without white space."""
    start, end = _norm_offsets(view, start, end)
    return "".join(view.text[start:end].split())


def _mention(view: NormalizedText, span: Span) -> Mention:
    start, end = _norm_range(view, span)
    return Mention(start, end, span.label_, "".join(view.text[start:end].split()), span)


def _joined_run(text: str, officials: list[Mention]) -> list[Mention]:
    """The last of `officials` with those joined to it by `、`, in order."""
    if not officials:
        return []
    run = [officials[-1]]
    for m in reversed(officials[:-1]):
        if text[m.end : run[0].start] not in RUN_SEPARATORS:
            break
        run.insert(0, m)
    return run


def _titled(mentions: list[Mention]) -> dict[str, list[tuple[str, str]]]:
    """For each surname, the (post, name) pairs of the OFFICIALs that bear it."""
    posts = {m.span.start_char: m.text for m in mentions if m.label == "POSITION"}
    titled: dict[str, list[tuple[str, str]]] = {}
    for m in mentions:
        if m.label == "OFFICIAL" and len(m.text) >= 2:
            for post in m.span._.positions or ():
                if post.start_char in posts:
                    titled.setdefault(m.text[0], []).append((posts[post.start_char], m.text))
    return titled


def _by_surname_and_title(
    text: str, sentence: Sentence, clause_start: int, position: int, titled: dict[str, list[tuple[str, str]]]
) -> Mention | None:
    """`徐市长` before `position` in its clause, named in full elsewhere with that post
    (`徐新民副市长`): the one official of that surname whose post ends in the title."""
    for m in reversed(sentence.mentions):
        if m.label != "POSITION" or not clause_start < m.start < position:
            continue
        names = {name for post, name in titled.get(text[m.start - 1], ()) if post.endswith(m.text)}
        if len(names) == 1:
            return Mention(m.start - 1, m.end, "OFFICIAL", names.pop(), m.span)
    return None


def _first_official(sentences: Iterable[Sentence]) -> Mention | None:
    """The first OFFICIAL of the first of `sentences` that names one: for 他/她, the
    subject of the sentence before (looked up only then, not kept up to date)."""
    return next((m for s in sentences for m in s.mentions if m.label == "OFFICIAL"), None)


def _sentences(text: str, mentions: list[Mention], cut: int = 0) -> list[Sentence]:
    """The sentences of `text` with their mentions; one that runs over `cut` (the end of
    a headline printed on the line of the body) is two."""
    sentences = []
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        if start < cut < end:
            sentences += [Sentence(start, cut), Sentence(cut, end)]
        else:
            sentences.append(Sentence(start, end))
    starts = [s.start for s in sentences]
    for mention in mentions:
        i = bisect_left(starts, mention.start + 1) - 1
        if i >= 0:
            sentences[i].mentions.append(mention)
    return sentences


def _clause_start(text: str, floor: int, position: int) -> int:
    """Just after the last clause mark in `text[floor:position]`, else `floor`."""
    return max(floor, *(text.rfind(mark, floor, position) + 1 for mark in _CLAUSE_END))


def _clause_end(text: str, position: int, ceiling: int) -> int:
    """The first clause mark in `text[position:ceiling]`, else `ceiling`."""
    found = [i for i in (text.find(mark, position, ceiling) for mark in _CLAUSE_END) if i >= 0]
    return min(found, default=ceiling)


def _pairs(title: str) -> set[str]:
    """The character pairs of the headline, for `_likeness`."""
    return {a + b for a, b in zip(title, title[1:])}


def _likeness(title_pairs: set[str], sentence: str) -> int:
    """Shared character pairs: how much a sentence looks like the headline."""
    if not title_pairs:
        return 0
    return sum(map(title_pairs.__contains__, map(str.__add__, sentence, sentence[1:])))


def _officials(doc: Doc, view: NormalizedText, mentions: Iterable[Mention]) -> list[dict[str, Any]]:
    """Each official once, with every post (and its agency) named with them. Read
    from the stored offsets of `ent._.positions` and `ent._.agency`: no Span needed."""
    officials: dict[str, list[dict[str, str | None]]] = {}
    for official in mentions:
        posts = officials.setdefault(official.text, [])
        span = official.span
        for start, end in stored_value(doc, "positions", span.start_char, span.end_char) or ():
            agency = stored_value(doc, "agency", start, end)
            post = {
                "position": _compact_text(view, start, end),
                "agency": _compact_text(view, *agency) if agency else None,
            }
            if post not in posts:
                posts.append(post)
    return [{"name": name, "posts": posts} for name, posts in officials.items()]


def _requirements(doc: Doc, view: NormalizedText, items: Iterable[Span]) -> list[list[str]]:
    """The list items' text, one list of strings per enumeration list."""
    lists: dict[int, list[str]] = {}
    for item in items:
        list_id = stored_value(doc, "list_id", item.start_char, item.end_char)
        lists.setdefault(list_id or 0, []).append(_norm_text(view, item))
    return [lists[key] for key in sorted(lists)]
