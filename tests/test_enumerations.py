"""The enumeration splitter: numbered lists, item by item (ANNOTATION.md §6)."""

from __future__ import annotations

import pytest
import srsly
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import DocBin
from spacy.training import Example

from meeting_ner.enumerations import EnumerationSplitter, make_enumeration_scorer
from meeting_ner.patterns import PatternError


def items(doc) -> list[tuple[str, int, int, str]]:
    """(text, ordinal, list_id, marker) of every item, in order."""
    return [(s.text, s._.ordinal, s._.list_id, s._.marker) for s in doc.spans["enumeration"]]


def texts(doc) -> list[str]:
    return [s.text for s in doc.spans["enumeration"]]


def intros(doc) -> list[tuple[str, int]]:
    return [(s.text, s._.list_id) for s in doc.spans["enumeration_intro"]]


# -- the dev gold ----------------------------------------------------------------------


def test_dev_gold_items_and_ordinals(nlp_char, gold_docs):
    for gold in gold_docs:
        doc = nlp_char(gold["text"])
        want = {(s, e, o) for lst in gold["lists"] for s, e, o, _ in lst["items"]}
        got = {(s.start_char, s.end_char, s._.ordinal) for s in doc.spans["enumeration"]}
        assert got == want, gold["id"]


def test_dev_gold_lists_share_a_list_id(nlp_char, gold_docs):
    for gold in gold_docs:
        doc = nlp_char(gold["text"])
        ids = {s.start_char: s._.list_id for s in doc.spans["enumeration"]}
        for lst in gold["lists"]:
            assert len({ids.get(item[0]) for item in lst["items"]}) == 1, gold["id"]


# -- what a list is --------------------------------------------------------------------


def test_one_yao_list_with_its_intro(nlp_char):
    doc = nlp_char(
        "会议强调,一要进一步提高政治站位,充分认识当前严峻形势。\n\n二要进一步严格管控措施。\n\n"
        "三要进一步加强联防联控。\n\n在郑厅领导班子成员在主会场参加会议。"
    )
    assert items(doc) == [
        ("一要进一步提高政治站位,充分认识当前严峻形势。", 1, 0, "一要"),
        ("二要进一步严格管控措施。", 2, 0, "二要"),
        ("三要进一步加强联防联控。", 3, 0, "三要"),
    ]
    assert intros(doc) == [("会议强调,", 0)]


def test_mixed_marker_words_that_count_on_make_one_list(nlp_char):
    doc = nlp_char("会议指出,各单位一要提高认识,二要加强领导,三是要落实责任,四是要强化督查。")
    assert [(o, lid, m) for _, o, lid, m in items(doc)] == [
        (1, 0, "一要"),
        (2, 0, "二要"),
        (3, 0, "三是"),
        (4, 0, "四是"),
    ]
    assert texts(doc)[0] == "一要提高认识,"  # a subject before the marker stays out
    assert intros(doc) == []  # `各单位` is no lead-in clause


def test_upper_case_and_traditional_numerals(nlp_char):
    doc = nlp_char("會議要求,壹是要提高政治站位;貳是要壓實工作責任;叁是要加強督導檢查。")
    assert [(o, m) for _, o, _, m in items(doc)] == [(1, "壹是"), (2, "貳是"), (3, "叁是")]
    doc = nlp_char("會議要求,壹是提高站位;貳是壓實責任;參是強化督查;肆是嚴肅紀律。")
    assert [(o, m) for _, o, _, m in items(doc)] == [(1, "壹是"), (2, "貳是"), (3, "參是"), (4, "肆是")]


def test_numbers_past_ten(nlp_char):
    body = ";".join(f"{n}是抓好第{i}项工作" for i, n in enumerate("一二三四五六七八九十", 1))
    doc = nlp_char(f"会议要求,{body};十一是狠抓落实;十二是加强宣传。")
    assert [o for _, o, _, _ in items(doc)] == list(range(1, 13))
    assert texts(doc)[-1] == "十二是加强宣传。"


@pytest.mark.parametrize(
    "text,markers",
    [
        ("会议部署:1.加强组织领导;2.完善工作机制;3.确保1.5万户按期完成。", ["1.", "2.", "3."]),
        ("他强调:(一)提高站位,加强领导;(二)压实责任,狠抓落实。", ["(一)", "(二)"]),
        ("会议提出三点要求:①提高认识;②加强协调;③狠抓落实。", ["①", "②", "③"]),
        ("会议强调:其一,要统一思想;其二,要明确任务。", ["其一,", "其二,"]),
        ("李强指出:第一,要坚持稳中求进。第二,要狠抓项目建设。", ["第一,", "第二,"]),
        ("一、提高政治站位。要加强领导。\n二、压实工作责任。要落实到人。", ["一、", "二、"]),
    ],
)
def test_marker_kinds(nlp_char, text, markers):
    assert [m for _, _, _, m in items(nlp_char(text))] == markers


def test_first_then_finally_is_a_list_of_requirements(nlp_char):
    doc = nlp_char(
        "他要求,首先,要提高认识,增强责任感;其次,要突出重点;再次,要强化保障;最后,要严肃纪律,确保落到实处。"
    )
    assert [(o, m) for _, o, _, m in items(doc)] == [(1, "首先,"), (2, "其次,"), (3, "再次,"), (4, "最后,")]
    assert texts(doc)[-1] == "最后,要严肃纪律,确保落到实处。"


@pytest.mark.parametrize(
    "text",
    [
        # slogans and number words
        "坚持“一校一院”,做到“三全三严”,做到“两个维护”,落实“四精准六分一独立”和“三天两检”要求。",
        "牢固树立“万无一失”和“一失万无”的风险意识,坚持一是一、二是二。",
        "一、二年级学生错峰返校,推动一、二、三产业协调发展。",
        "统一是前提,唯一是标准,其中之一是安全。",
        # narration of the order of the meeting
        "会上,首先由县委办主任传达了省委会议精神;随后,各乡镇汇报了工作进展;最后,县委书记作了讲话。",
        "首先,与会人员观看了警示教育片。其次,纪委书记通报了典型案例。",
        "赵局长首先传达了会议精神。会议强调,要统一思想,再次强调安全生产。最后形成了会议纪要。",
        # runs that do not count up from one
        "会议要求,一是加强领导;三是落实责任;四是强化督查。",
        "会议要求,二是加强领导;三是落实责任。",
        # markers without substance
        "一是二是三是四是五是六是七是八是九是十是" * 3,
    ],
)
def test_not_lists(nlp_char, text):
    assert items(nlp_char(text)) == []


# -- where items end -------------------------------------------------------------------


def test_new_speaker_ends_the_last_item(nlp_char):
    doc = nlp_char(
        "吴文庆要求:一是积极推动薄弱环节建设;二是继续全力落实河长制工作。他强调,各部门要认真落实。"
    )
    assert texts(doc) == ["一是积极推动薄弱环节建设;", "二是继续全力落实河长制工作。"]
    assert intros(doc) == [("吴文庆要求:", 0)]


@pytest.mark.parametrize(
    "tail",
    [
        "会议还研究了其他事项。",
        "会议指出,当前形势严峻。",
        "她希望以此次会议为契机,推动工作。",
        "随后,县长李四在讲话中要求,抓好落实。",
        "(记者 李明)",
        "副县长王强就汛期地质灾害防治作了具体安排。",
    ],
)
def test_a_sentence_that_leaves_the_list_ends_it(nlp_char, tail):
    doc = nlp_char(f"会议要求,一是压实防控责任;二是强化物资保障,确保储备充足。{tail}")
    assert texts(doc)[-1] == "二是强化物资保障,确保储备充足。"


def test_a_long_title_chain_before_the_speech_verb_ends_the_list(nlp_char):
    doc = nlp_char(
        "会议要求,一是压实责任;二是强化监管。"
        "市委常委、常务副市长、市应急管理委员会主任王应明强调,要抓好落实。"
    )
    assert texts(doc)[-1] == "二是强化监管。"


@pytest.mark.parametrize(
    "tail",
    [
        "按照省委工作部署,要抓好落实。",
        "各乡镇要就整改情况作出书面报告。",
        "也就是说,要守住底线。",
        "对自己严格要求,做到廉洁自律。",
    ],
)
def test_clauses_that_name_no_speaker_stay_in_the_item(nlp_char, tail):
    doc = nlp_char(f"会议要求,一是压实责任;二是强化监管。{tail}")
    assert texts(doc)[-1] == f"二是强化监管。{tail}"


def test_a_quoted_authority_inside_the_last_item_does_not_end_it(nlp_char):
    doc = nlp_char(
        "会议要求,一是压实责任;二是强化安全监管。习近平总书记强调,人命关天,发展决不能以牺牲人的生命为代价。"
    )
    assert texts(doc)[-1].endswith("为代价。")


def test_last_item_ends_with_its_paragraph(nlp_char):
    doc = nlp_char("会议要求:\n一是加强领导。\n二是落实责任。\n出席会议的有各单位负责同志。")
    assert texts(doc) == ["一是加强领导。", "二是落实责任。"]


def test_paragraphs_joined_by_spaces(nlp_char):
    doc = nlp_char("會議作出部署:一要認真學習。二要做好總結。 全國政協常務副秘書長潘立剛作了說明。 |")
    assert texts(doc) == ["一要認真學習。", "二要做好總結。"]


def test_items_across_paragraphs_and_two_lists(nlp_char):
    doc = nlp_char(
        "张荷红指出,要认清形势。\n \n一要保持定力。必须充分认识。\n \n二要严防死守。\n \n"
        "张荷红强调,要突出重点。\n \n一是强化隐患排查。\n \n二是强化问题整改。\n \n张荷红要求,要统筹推进。"
    )
    assert items(doc) == [
        ("一要保持定力。必须充分认识。", 1, 0, "一要"),
        ("二要严防死守。", 2, 0, "二要"),
        ("一是强化隐患排查。", 1, 1, "一是"),
        ("二是强化问题整改。", 2, 1, "二是"),
    ]
    assert intros(doc) == []


def test_a_list_inside_an_item(nlp_char):
    doc = nlp_char(
        "洪副市长要求,首先,要打基础。一是要提高受教育程度。二是要提高教育水平。"
        "其次,要抓重点。一是制定规划。二是发展职业教育。第三,要保安全。一是保校园安全。二是保干部安全。\n"
        "市政府副秘书长陪同调研。"
    )
    outer = [s for s in doc.spans["enumeration"] if s._.list_id == 0]
    assert [s.text for s in outer] == [
        "首先,要打基础。一是要提高受教育程度。二是要提高教育水平。",
        "其次,要抓重点。一是制定规划。二是发展职业教育。",
        "第三,要保安全。一是保校园安全。二是保干部安全。",
    ]
    inner = [(s.text, s._.ordinal, s._.list_id) for s in doc.spans["enumeration"] if s._.list_id != 0]
    assert inner == [
        ("一是要提高受教育程度。", 1, 1),
        ("二是要提高教育水平。", 2, 1),
        ("一是制定规划。", 1, 2),
        ("二是发展职业教育。", 2, 2),
        ("一是保校园安全。", 1, 3),
        ("二是保干部安全。", 2, 3),
    ]


def test_an_inner_list_right_after_the_outer_marker_has_no_intro(nlp_char):
    doc = nlp_char("他要求:第一,加强领导;第二,一是落实责任,二是强化督查;第三,严肃纪律。")
    spans = sorted(doc.spans["enumeration"], key=lambda s: s.start_char)
    assert [(s._.ordinal, s._.list_id) for s in spans] == [(1, 0), (2, 0), (1, 1), (2, 1), (3, 0)]
    assert spans[1].text == "第二,一是落实责任,二是强化督查;"
    assert intros(doc) == [("他要求:", 0)]


def test_a_heading_line_takes_the_paragraph_under_it(nlp_char):
    doc = nlp_char(
        "一、提高政治站位\n各级党组织要高度重视。\n二、强化督导检查\n市纪委要加强监督。\n会议由市委副书记主持。"
    )
    assert texts(doc) == ["一、提高政治站位\n各级党组织要高度重视。", "二、强化督导检查\n市纪委要加强监督。"]


# -- the normalized view ---------------------------------------------------------------


def test_pinyin_glosses_and_doubled_punctuation(nlp_char):
    doc = nlp_char("會(huì)議強(qiáng)調(diào),,一(yī)是要提高站位;;二是(shì)要壓實責(zé)任。。")
    assert items(doc) == [
        ("一(yī)是要提高站位;;", 1, 0, "一(yī)是"),
        ("二是(shì)要壓實責(zé)任。。", 2, 0, "二是"),
    ]
    assert intros(doc) == [("會(huì)議強(qiáng)調(diào),,", 0)]


def test_full_width_forms(nlp_char):
    doc = nlp_char("会议要求：（一）提高站位；（二）压实责任。")
    assert [m for _, _, _, m in items(doc)] == ["（一）", "（二）"]


def test_an_item_cut_at_the_end_of_the_page_keeps_its_last_gloss(nlp_char):
    text = "強(qiáng)調(diào)一是提高政治站位;二是全面落實(shí)就業(yè)服務(wù)專(zhuān)"
    doc = nlp_char(text)
    assert doc.spans["enumeration"][-1].end_char == len(text)


def test_the_segmenter_does_not_change_the_items(nlp, nlp_char):
    text = "会议要求,各乡镇一要高度重视,专人专班。二要高位起步,系统规划。三要统筹资源,合力攻坚。"
    assert items(nlp(text)) == items(nlp_char(text))


# -- the contract ----------------------------------------------------------------------


def test_values_survive_docbin(nlp_char):
    doc = nlp_char("会议要求,一是加强领导;二是落实责任。")
    srsly.msgpack_dumps(doc.user_data)
    restored = list(DocBin(docs=[doc], store_user_data=True).get_docs(nlp_char.vocab))[0]
    assert items(restored) == items(doc)
    assert intros(restored) == intros(doc)


def test_scorer_reports_spans_key_figures(nlp_char):
    text = "会议要求,一是加强领导;二是落实责任。"
    pred, gold = nlp_char(text), nlp_char(text)
    gold.spans["enumeration"] = [gold.spans["enumeration"][0]]
    scores = make_enumeration_scorer()([Example(pred, gold)])
    assert scores["spans_enumeration_r"] == 1.0
    assert scores["spans_enumeration_p"] == 0.5


def test_patterns_round_trip_and_bad_label(nlp_char):
    splitter = nlp_char.get_pipe("meeting_enumerations")
    copy = EnumerationSplitter(nlp_char.vocab).from_bytes(splitter.to_bytes())
    assert copy.patterns == splitter.patterns
    with pytest.raises(PatternError):
        copy.add_patterns([{"label": "marker_word", "pattern": "一是"}])


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n",
        "abc",
        "<p>一是</p><p>二是</p>",
        "\x00\x01一是\x02二是",
        "(" * 500,
        "一、" * 300,
        "①②③④",
    ],
)
def test_odd_input_never_raises(nlp_char, text):
    doc = nlp_char(text)
    assert doc.text == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="一二三十是要、,.:;。()第首先其次最后1 \n会议强调张他", max_size=80))
def test_marker_soup_never_raises(nlp_char, text):
    doc = nlp_char(text)
    for span in doc.spans["enumeration"]:
        assert isinstance(span._.ordinal, int) and isinstance(span._.list_id, int)
        assert span.text.strip() == span.text


def test_patterns_of_a_label_with_a_flag(nlp_char):
    """`patterns_of(label, flag)` keeps the patterns whose `flag` field is set."""
    splitter = nlp_char.get_pipe("meeting_enumerations")
    words = splitter.patterns_of("ordinal_word")
    strict = splitter.patterns_of("ordinal_word", "strict")
    assert "最后" in strict and "首先" in words and "首先" not in strict
    assert set(strict) < set(words)
    assert splitter.patterns_of("ordinal_word", "no_such_field") == []
