"""DATE entities and their TIMEX3 values (ANNOTATION.md §2 DATE, §3)."""

from __future__ import annotations

import time
from datetime import date

import pytest
import spacy
from spacy.tokens import DocBin
from spacy.training import Example

from meeting_ner.dates import score_dates
from meeting_ner.patterns import PatternError
from meeting_ner.timex import DateExpr, cn_number, resolve

# Only the two components under test: the others are free to change.
OTHERS = ["meeting_entities", "meeting_enumerations", "meeting_record"]


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("meeting_ner", config={"nlp": {"tokenizer": {"segmenter": "char"}}}, exclude=OTHERS)


def dates(nlp, text: str, dct: str | None = None) -> list[tuple[str, str | None]]:
    doc = nlp.make_doc(text)
    doc._.published = dct
    for _, pipe in nlp.pipeline:
        doc = pipe(doc)
    return [(e.text, e._.date_value) for e in doc.ents if e.label_ == "DATE"]


# -- parse, then resolve ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,value",
    [
        ("16", 16),
        ("十六", 16),
        ("二十三", 23),
        ("廿三", 23),
        ("卅一", 31),
        ("二〇二二", 2022),
        ("两千零四", 2004),
    ],
)
def test_cn_number(text, value):
    assert cn_number(text) == value


def test_cn_number_rejects_words():
    assert cn_number("三月") is None
    assert cn_number("") is None


def test_resolve_takes_the_latest_year_on_or_before_the_publication_date():
    dct = date(2024, 4, 28)
    assert resolve(DateExpr(month=8, day=20), dct) == "2023-08-20"
    assert resolve(DateExpr(month=4, day=28), dct) == "2024-04-28"
    assert resolve(DateExpr(month=8, day=20), dct, planned=True) == "2024-08-20"
    assert resolve(DateExpr(month=1, day=10), date(2024, 11, 15), planned=True) == "2025-01-10"


def test_resolve_without_publication_date_leaves_the_year_unknown():
    assert resolve(DateExpr(month=3, day=27), None) == "XXXX-03-27"
    assert resolve(DateExpr(day=26, part_of_day="AF"), None) == "XXXX-XX-26TAF"
    assert resolve(DateExpr(year_offset=0), None) == "XXXX"
    assert resolve(DateExpr(half=1, year_offset=0), None) == "XXXX-H1"


def test_resolve_leap_day_and_day_only():
    assert resolve(DateExpr(month=2, day=29), date(2019, 3, 22)) == "2016-02-29"
    assert resolve(DateExpr(day=29), date(2016, 3, 10)) == "2016-02-29"
    assert resolve(DateExpr(day=29), date(2018, 2, 10)) == "2018-01-29"


def test_resolve_garbled_reading_closest_before_publication():
    assert resolve(DateExpr(readings=((1, 12), (11, 2))), date(2024, 11, 20)) == "2024-11-02"
    assert resolve(DateExpr(readings=((1, 12), (11, 2))), None) is None


def test_resolve_clock_and_part_of_day():
    expr = DateExpr(year=2018, month=5, day=28, part_of_day="AF", hour=2, minute=30)
    assert resolve(expr, None) == "2018-05-28T14:30"
    assert resolve(DateExpr(year=2020, month=1, day=31, part_of_day="MO"), None) == "2020-01-31TMO"


def test_resolve_impossible_date_has_no_value():
    assert resolve(DateExpr(month=2, day=30, valid=False), date(2020, 3, 1)) is None


# -- the component on sentences -------------------------------------------------------------

CASES = [
    # absolute forms: Arabic, Chinese, mixed numerals, numeric stamps
    ("2022年3月16日上午,省教育厅召开会议。", None, [("2022年3月16日上午", "2022-03-16TMO")]),
    ("二〇二二年三月十六日,市政府召开常务会议。", None, [("二〇二二年三月十六日", "2022-03-16")]),
    ("2022年三月16日召开。", None, [("2022年三月16日", "2022-03-16")]),
    (
        "发布于2022-03-19、2022/3/19和2022.03.19",
        None,
        [(d, "2022-03-19") for d in ("2022-03-19", "2022/3/19", "2022.03.19")],
    ),
    ("2020年02月03日 16:28", None, [("2020年02月03日 16:28", "2020-02-03T16:28")]),
    ("2018年5月28日下午14时,金沙官网召开会议", None, [("2018年5月28日下午14时", "2018-05-28T14:00")]),
    # noise: full-width digits, spaces, pinyin glosses, traditional script
    ("４月１０日，市委召开会议。", "2024-05-01", [("４月１０日", "2024-04-10")]),
    ("4 月10日,县委召开会议。", "2024-05-01", [("4 月10日", "2024-04-10")]),
    ("1月(yue)8日(ri),會(huì)議召開。", "2021-01-10", [("1月(yue)8日", "2021-01-08")]),
    ("6月13日下午,,外語學院黨委召開會議", None, [("6月13日下午", "XXXX-06-13TAF")]),
    ("全國政協主席俞正聲26日下午主持召開會議", None, [("26日下午", "XXXX-XX-26TAF")]),
    ("會議定於週三下午召開", "2018-09-18", [("週三下午", "2018-09-19TAF")]),
    # the year of an underspecified date
    ("8月20日继续组织防汛抗旱会商", "2024-04-28", [("8月20日", "2023-08-20")]),
    ("会议定于1月10日召开。", "2024-11-15", [("1月10日", "2025-01-10")]),
    (
        "会议决定10月30日至11月1日召开全国政协会议",
        None,
        [("10月30日", "XXXX-10-30"), ("11月1日", "XXXX-11-01")],
    ),
    # ranges are two DATEs; the right end takes its month and year from the left
    ("2月5日至2月23日开展检查", "2024-11-15", [("2月5日", "2024-02-05"), ("2月23日", "2024-02-23")]),
    ("洪涝8月21日至23日", "2024-04-28", [("8月21日", "2023-08-21"), ("23日", "2023-08-23")]),
    ("12月30日至1月2日开展", "2024-06-20", [("12月30日", "2023-12-30"), ("1月2日", "2024-01-02")]),
    ("2023年1-5月全市新增就业", None, [("2023年1-5月", "2023")]),
    # relative days, weeks, months, years, quarters, halves
    (
        "3月16日上午召开会议。当天下午,召开座谈会。次日,开展调研。",
        "2022-03-19",
        [("3月16日上午", "2022-03-16TMO"), ("当天下午", "2022-03-16TAF"), ("次日", "2022-03-17")],
    ),
    # a part of the day alone is one of the day named before it; a clock time joins it
    (
        "4月10日,调研组到街道调研。上午,参观了基地。下午3时,召开会议。会上,他就上午的参观作了点评。",
        "2018-04-12",
        [
            ("4月10日", "2018-04-10"),
            ("上午", "2018-04-10TMO"),
            ("下午3时", "2018-04-10T15:00"),
            ("上午", "2018-04-10TMO"),
        ],
    ),
    # but not a routine, nor the tail of a garbled date
    ("图书馆每上午开放。", None, []),
    # a day without its month continues the month before, its year unknown too
    (
        "6月3日至4日,两省召开联席会议。4日下午,举行签约仪式。",
        None,
        [("6月3日", "XXXX-06-03"), ("4日", "XXXX-06-04"), ("4日下午", "XXXX-06-04TAF")],
    ),
    # 近期 of what was said or reported is past; a directive of another clause is not its own
    ("学习习近平总书记近期重要讲话和中央重要会议精神,落实省委要求。", None, [("近期", "PAST_REF")]),
    ("会上,全体与会人员通报了近期工作完成情况和重点任务安排。", None, [("近期", "PAST_REF")]),
    ("会议要求,近期各地要抓紧开展排查。", None, [("近期", "FUTURE_REF")]),
    ("6月12日下午下午15:00,召开会议。", "2018-06-14", [("6月12日下午", "2018-06-12TAF")]),
    (
        "昨日我不在家,前天也不在,今天在。",
        "2018-07-30",
        [("昨日", "2018-07-29"), ("前天", "2018-07-28"), ("今天", "2018-07-30")],
    ),
    (
        "上周,市政府召开会议。下周一开学。本月10日",
        "2024-03-20",
        [("上周", "2024-W11"), ("下周一", "2024-03-25"), ("本月10日", "2024-03-10")],
    ),
    ("确保一季度目标任务落实见效。今年重点工作多。", "2024-11-15", [("一季度", "2024-Q1"), ("今年", "2024")]),
    ("中共贵州省委教育工作委员会2025年第一季度工作会议", None, [("2025年第一季度", "2025-Q1")]),
    ("今年上半年市就业工作稳中有进,下半年要", None, [("今年上半年", "XXXX-H1"), ("下半年", "XXXX-H2")]),
    (
        "回顾总结2022年度工作,去年同期,明年",
        "2023-05-05",
        [("2022年度", "2022"), ("去年", "2022"), ("明年", "2024")],
    ),
    ("新的一年,要坚持以习近平新时代中国特色社会主义思想为指导", None, [("新的一年", "XXXX")]),
    # vague references
    ("近日,市教育局召开会议。", "2020-02-03", [("近日", "PAST_REF")]),
    ("省教育厅日前印发通知", None, [("日前", "PAST_REF")]),
    ("习近平总书记近期对各级党组织作出重要指示", None, [("近期", "PAST_REF")]),
    ("周伟指出近期各党支部要认真做好学习宣传工作", None, [("近期", "FUTURE_REF")]),
    ("二是近期所有学校师生暂停跨省出差。", None, [("近期", "FUTURE_REF")]),
    ("是当前和今后一个时期的重大政治任务", None, [("今后一个时期", "FUTURE_REF")]),
    ("“两会”联络工作是最近一个时期的重心工作", None, [("最近一个时期", "FUTURE_REF")]),
    ("为抓好近期安全生产工作,会议提出了三点要求", "2023-05-05", [("近期", "FUTURE_REF")]),
    ("会议研究部署近期重点工作", "2023-05-05", [("近期", "FUTURE_REF")]),
    ("未来一段时间强降雨仍将持续,未来发展可期", None, [("未来一段时间", "FUTURE_REF")]),
    # month parts
    ("预计6月中下旬至7月上旬进入主汛期", "2022-05-10", [("6月中下旬", "2022-06"), ("7月上旬", "2022-07")]),
    # a day without its month continues the month of the date before it
    ("3月5日开班,8日结业", "2024-04-20", [("3月5日", "2024-03-05"), ("8日", "2024-03-08")]),
    # a publication date without its year (a dateline): the month is known, the year not
    ("23日,县委召开常委会会议。今年工作要", "XXXX-01-24", [("23日", "XXXX-01-23"), ("今年", "XXXX")]),
    ("去年12月召开了会议", "XXXX-01-24", [("去年12月", "XXXX-12")]),
    # garbled: 月 lost (328日 = 3月28日, 49日 = 4月9日)
    ("328日,中共贵州省委教育工委召开会议", "2025-04-04", [("328日", "2025-03-28")]),
    (
        "\n49日,西盟县召开2020年县自然灾害应急管理工作会议",
        "2020-04-10",
        [("49日", "2020-04-09"), ("2020年", "2020")],
    ),
    # Recognizers-Text forms
    ("你13.5.2015有时间吗", None, [("13.5.2015", "2015-05-13")]),
    ("两千零四年八月十五", None, [("两千零四年八月十五", "2004-08-15")]),
    ("农历2015年十月初一", None, [("农历2015年十月初一", "2015-10-01")]),
    ("10月12号,星期一", "2017-03-22", [("10月12号,星期一", "2016-10-12")]),
]


@pytest.mark.parametrize("text,dct,expected", CASES)
def test_dates_on_sentences(nlp, text, dct, expected):
    assert dates(nlp, text, dct) == expected


@pytest.mark.parametrize(
    "text",
    [
        "要求7日内完成整改,30日内与本网联系",  # durations
        "两年多来成效明显,半小时内到位,连续四年获评",
        "三天两检,每周一例会,一月一调度",  # frequencies
        "春季开学以来,春节,寒假,放假前",  # event-anchored periods
        "当前,目前,现在,二十大,季度各项工作,全年各项目标任务",  # not time
        "节日前做好安全检查,周一鸣主持会议",
        "3号楼会议室,12号文件,第3日,近7日,前三季度",
        "13月,2022-13-45,32日",  # impossible: no DATE at all
        "《2024年全省教育工作要点》",  # nothing inside a title in 《》
        "比分3-5-2,电话010-57028685,版本1.2.3",
    ],
)
def test_not_dates(nlp, text):
    assert dates(nlp, text, "2024-06-20") == []


def test_impossible_day_is_a_date_without_value(nlp):
    assert dates(nlp, "2月30日召开会议", "2021-03-01") == [("2月30日", None)]


def test_other_entities_are_kept(nlp):
    doc = nlp.make_doc("3月27日,省教育厅召开会议")
    doc.ents = [doc.char_span(6, 10, label="AGENCY")]
    doc = nlp.get_pipe("meeting_dates")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("3月27日", "DATE"), ("省教育厅", "AGENCY")]


@pytest.mark.parametrize(
    "text", ["", " ", "\n\n", "<html><body>2022年</body></html>", "\x00\x01年月日", "9" * 5000, "日前" * 500]
)
def test_hostile_input_never_raises(nlp, text):
    doc = nlp(text)
    assert doc.text == text


def test_long_input_is_fast(nlp, corpus_texts):
    text = ("".join(corpus_texts) * 20)[:200_000]
    start = time.perf_counter()
    nlp(text)
    assert time.perf_counter() - start < 10


# -- the dev gold -----------------------------------------------------------------------------


def test_dev_gold_dates(nlp, gold_docs):
    tp = pred = gold = right = 0
    for g in gold_docs:
        doc = nlp(g["text"])
        zones = g["zones"]
        found = {
            (e.start_char, e.end_char): e._.date_value
            for e in doc.ents
            if e.label_ == "DATE" and any(a <= e.start_char < b for a, b in zones)
        }
        want = {(s, e): v for s, e, v in g["dates"]}
        tp += len(found.keys() & want.keys())
        right += sum(1 for k, v in want.items() if found.get(k, "-") == v)
        pred += len(found)
        gold += len(want)
    f = 2 * tp / (pred + gold)
    value_f = 2 * right / (pred + gold)
    assert f >= 0.95 and value_f >= 0.95, (f, value_f)


# -- scorer, serialization, patterns -------------------------------------------------------


def test_scorer_reports_span_figures_and_value_accuracy(nlp):
    predicted = nlp("3月27日,省教育厅召开会议。近日,市政府")
    reference = nlp.make_doc(predicted.text)
    reference.ents = [reference.char_span(0, 5, label="DATE"), reference.char_span(15, 17, label="DATE")]
    reference.ents[0]._.date_value = "XXXX-03-27"
    reference.ents[1]._.date_value = "FUTURE_REF"
    scores = score_dates([Example(predicted, reference)])
    assert scores["date_p"] == scores["date_r"] == scores["date_f"] == 1.0
    assert scores["date_value_acc"] == 0.5
    weights = nlp.get_pipe_meta("meeting_dates").default_score_weights
    assert set(weights) <= set(scores)


def test_values_survive_docbin(nlp):
    doc = nlp("2020年02月03日 16:28,近日召开会议")
    docbin = DocBin(store_user_data=True)
    docbin.add(doc)
    restored = list(DocBin(store_user_data=True).from_bytes(docbin.to_bytes()).get_docs(nlp.vocab))[0]
    assert [(e.text, e._.date_value) for e in restored.ents] == [
        ("2020年02月03日 16:28", "2020-02-03T16:28"),
        ("近日", "PAST_REF"),
    ]


def test_patterns_round_trip_through_bytes(nlp):
    pipe = nlp.get_pipe("meeting_dates")
    fresh = nlp.create_pipe("meeting_dates")
    fresh.from_bytes(pipe.to_bytes())
    assert fresh.patterns == pipe.patterns
    assert len(fresh) > 0


def test_bad_pattern_is_named(nlp):
    pipe = nlp.create_pipe("meeting_dates")
    with pytest.raises(PatternError, match="file.jsonl:3"):
        pipe.add_patterns([{"label": "vague", "pattern": "近来", "value": "SOON", "source": "file.jsonl:3"}])
    with pytest.raises(PatternError, match="unknown label"):
        pipe.add_patterns([{"label": "holiday", "pattern": "春节"}])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a lunar date after a solar one only repeats the day: one DATE, the solar value
        ("2月1日农历腊月二十一上午,全县召开大会。", [("2月1日农历腊月二十一上午", "2024-02-01TMO")]),
        ("2021年2月12日农历正月初一,干部坚守岗位。", [("2021年2月12日农历正月初一", "2021-02-12")]),
        # `下一步` is a step of the work, no time
        ("下一步,各单位要抓好落实。", []),
    ],
)
def test_lunar_echo_and_next_step(nlp, text, expected):
    assert dates(nlp, text, "2024-03-01") == expected


def test_with_no_publication_date_a_relative_day_counts_from_the_day_given(nlp):
    doc = nlp("8月4日,县长王强主持召开筹备会议。他说,明天论坛将正式开幕。")
    assert [e._.date_value for e in doc.ents if e.label_ == "DATE"] == ["XXXX-08-04", "XXXX-08-05"]


@pytest.mark.parametrize("ending", ["消息:", "电 ", "讯 "])
def test_today_counts_from_the_dateline_not_a_later_stamp(nlp, ending):
    text = f"本报4月30日{ending}市长王明今天主持召开常务会议,昨天他到企业调研。"
    assert dates(nlp, text, "2021-05-01") == [
        ("4月30日", "2021-04-30"),
        ("今天", "2021-04-30"),
        ("昨天", "2021-04-29"),
    ]
    # without a dateline the publication date stays the base
    assert dates(nlp, "市长王明今天主持召开常务会议。", "2021-05-01") == [("今天", "2021-05-01")]
