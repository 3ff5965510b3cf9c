"""The meeting record, first on the gold entities (the component alone), then end to end."""

from __future__ import annotations

import pytest

from meeting_ner.spans import ensure_boundaries


def gold_annotated(nlp, gold: dict):
    """A Doc carrying the gold entities, date values, title and publication date."""
    doc = nlp.make_doc(gold["text"])
    doc = ensure_boundaries(
        doc, [x for s, e, *_ in gold["entities"] for x in (s, e)] + list(gold["title"] or [])
    )
    values = {(s, e): v for s, e, v in gold["dates"]}
    doc.ents = [doc.char_span(s, e, label=label) for s, e, label, _ in gold["entities"]]
    for ent in doc.ents:
        if ent.label_ == "DATE":
            ent._.date_value = values[(ent.start_char, ent.end_char)]
    if gold["title"]:
        doc._.title = doc.char_span(*gold["title"])
    doc._.published = gold["dct"]
    return doc


def people_orgs_f(pairs) -> float:
    tp = pred = want = 0
    for predicted, gold in pairs:
        for field in ("organizers", "chairs", "speakers"):
            p, g = set(predicted[field]), set(gold[field])
            tp, pred, want = tp + len(p & g), pred + len(p), want + len(g)
    precision, recall = tp / pred, tp / want
    return 2 * precision * recall / (precision + recall)


@pytest.fixture(scope="module")
def records_on_gold(nlp_char, gold_docs):
    recorder = nlp_char.get_pipe("meeting_record")
    return [(recorder(gold_annotated(nlp_char, g))._.meeting, g["meeting"]) for g in gold_docs]


def test_people_and_organizers_from_gold_entities(records_on_gold):
    assert people_orgs_f(records_on_gold) >= 0.9


def test_date_and_format_from_gold_entities(records_on_gold):
    dates = sum(p["date"] == g["date"] for p, g in records_on_gold)
    formats = sum(p["format"] == g["format"] for p, g in records_on_gold)
    assert dates >= 0.9 * len(records_on_gold)
    assert formats >= 0.9 * len(records_on_gold)


def test_record_on_unseen_report(nlp):
    doc = nlp(
        "5月12日上午,市应急管理局召开全市安全生产工作电视电话会议。"
        "市政府副市长李建国出席会议并讲话,市应急管理局局长陈晓明主持会议。"
        "李建国强调,要压紧压实安全生产责任。"
    )
    record = doc._.meeting
    assert record["format"] == "电视电话会议"
    assert record["chairs"] == ["陈晓明"]
    assert record["speakers"] == ["李建国"]
    assert record["organizers"] == ["市应急管理局"]
    assert record["date"].endswith("-05-12TMO")


def test_a_news_agency_in_a_dateline_holds_no_meeting(nlp):
    doc = nlp("中新社杭州6月3日电 浙江省政府3日召开全省防汛工作会议,省长王浩主持会议。")
    assert doc._.meeting["organizers"] == ["浙江省政府"]
    assert "中新社" in [e.text for e in doc.ents if e.label_ == "AGENCY"]


def test_relayed_speech_is_no_speaker(nlp):
    doc = nlp(
        "3月2日,县教育局召开党组会议,传达学习习近平总书记重要讲话精神。"
        "会议由县教育局局长王海主持。会议传达了省委书记刘明讲话要求。"
    )
    record = doc._.meeting
    assert record["chairs"] == ["王海"]
    assert "习近平" not in record["speakers"] and "刘明" not in record["speakers"]


def test_a_speech_the_meeting_reports_is_not_a_speech_at_it(nlp):
    doc = nlp(
        "4月9日,市发改委召开党组会议。会议认为,省委书记刘明近期在调研时强调,要稳住投资。"
        "市发改委主任孙涛在会上强调,要抓好落实。"
    )
    assert doc._.meeting["speakers"] == ["孙涛"]


def test_empty_text_has_an_empty_record(nlp):
    record = nlp("")._.meeting
    assert record["chairs"] == [] and record["date"] is None


def compact_norm(span) -> str:
    """The normalized text of `span` without white space, as the record gives names."""
    view = span.doc._.normalized
    return "".join(view.text[view.to_norm(span.start_char) : view.to_norm(span.end_char)].split())


def test_record_posts_agree_with_the_public_positions_and_agencies(nlp_char, corpus_texts):
    """The record reads posts from stored offsets; they must say what `ent._.positions`
    and `position._.agency` say, on every page and after a DocBin round trip."""
    from spacy.tokens import DocBin

    docs = list(nlp_char.pipe(corpus_texts))
    reread = list(DocBin(docs=docs, store_user_data=True).get_docs(nlp_char.vocab))
    seen = 0
    for doc in docs + reread:
        expected: dict[str, list[dict]] = {}
        for ent in doc.ents:
            if ent.label_ != "OFFICIAL":
                continue
            posts = expected.setdefault(compact_norm(ent), [])
            for position in ent._.positions:
                agency = position._.agency
                post = {
                    "position": compact_norm(position),
                    "agency": compact_norm(agency) if agency is not None else None,
                }
                if post not in posts:
                    posts.append(post)
        recorded = {o["name"]: o["posts"] for o in doc._.meeting["officials"]}
        assert recorded == expected
        seen += sum(map(len, expected.values()))
    assert seen > 50  # the corpus names many officials with their posts


def test_short_names_of_formats_and_meetings_watched_before_ones_own(nlp):
    held = nlp("3月2日,县政府召开全县森林防火视频会,县长李明讲话。")
    assert held._.meeting["format"] == "视频会议"
    after_watching = nlp("9日,我县在组织收听收看全市防汛工作视频会后,紧接着召开会议部署工作。")
    assert after_watching._.meeting["format"] is None


def test_those_who_speak_in_turn_are_speakers(nlp):
    doc = nlp("6月3日,县政协召开常委会议。委员张海波、刘春燕先后发言。")
    assert doc._.meeting["speakers"] == ["张海波", "刘春燕"]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ("1月8日,全省农业工作会议召开。副省长周林出席会议并作重要讲话。", ["周林"]),
        ("3月9日,全市教育大会召开。市教育局局长郑磊作教育工作报告。", ["郑磊"]),
        # a separable verb split by its aspect particle
        ("6月2日,全省统计工作会议召开。省统计局局长马良出席会议并讲了话。", ["马良"]),
        # a lecture at a study meeting, its subject long
        (
            "11月23日,委党组召开中心组学习报告会。研究中心副主任王一鸣作了五中全会精神专题学习辅导报告。",
            ["王一鸣"],
        ),
        # `工作的重要讲话` and `所作的重要讲话精神`: someone else's speech, no light verb
        (
            "5月6日,县委召开常委会议。县委书记王丹指出,要把思想统一到习近平总书记关于教育工作的重要讲话上来。",
            ["王丹"],
        ),
    ],
)
def test_a_light_verb_with_a_speech_noun_is_a_speech(nlp, text, speakers):
    assert nlp(text)._.meeting["speakers"] == speakers


def test_what_came_before_a_sentence_that_refers_back_belongs_to_the_meeting(nlp):
    text = "副市长孙伟出席会议并讲话。会议由市政府秘书长钱军主持。此次现场会以视频会议的形式举行,主会场设在高新区。"
    meeting = nlp(text)._.meeting
    assert meeting["chairs"] == ["钱军"]
    assert meeting["speakers"] == ["孙伟"]
    assert meeting["format"] == "视频会议"  # the way it was held, over the kind of meeting


def test_a_surname_and_title_name_the_official_given_in_full(nlp):
    text = (
        "6月2日,李光明副县长来我局召开座谈会。会上,李县长听取了工作汇报。会议结束时,李县长强调,要抓好落实。"
    )
    assert nlp(text)._.meeting["speakers"] == ["李光明"]


def test_a_sentence_dated_by_a_part_of_the_day_alone_goes_on_from_the_lead(nlp):
    """`下午,…大会召开` refers back to the day of the lead sentence, whose organizers and
    chair are the meeting's, though it repeats the headline word for word."""
    text = (
        "推动高质量发展大会召开\n9月25日,市委、市政府召开推动高质量发展大会。市长张工主持。"
        "上午,与会人员参观了企业。\n下午,推动高质量发展大会召开。"
    )
    meeting = nlp(text)._.meeting
    assert meeting["organizers"] == ["市委", "市政府"] and meeting["chairs"] == ["张工"]
    assert meeting["date"].endswith("-09-25")


@pytest.mark.parametrize(
    "page, day",
    [
        # u-0012: the meeting's sentence has no verb that holds it
        (
            "胡伟校长出席指导党政联席会\n浏览:470次 发布日期:2017年05月24日 |\n"
            "5月23日上午,胡伟校长出席了党政联席会议,并于会后作了点评指导。",
            "2017-05-23TMO",
        ),
        # u-0104: a stamp with its clock time
        (
            "全国检察长会议闭幕\n2024-01-24 09:19\n来源:澎湃新闻\n"
            "在圆满完成各项议程后,全国检察长会议1月15日上午闭幕。",
            "2024-01-15TMO",
        ),
    ],
)
def test_the_publication_stamp_is_not_the_meetings_day(nlp, page, day):
    assert nlp(page)._.meeting["date"] == day
