"""The article's headline and publication date among the page chrome (ANNOTATION.md §4)."""

from __future__ import annotations

import pytest
import spacy

OTHERS = ["meeting_entities", "meeting_enumerations", "meeting_record"]


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("meeting_ner", config={"nlp": {"tokenizer": {"segmenter": "char"}}}, exclude=OTHERS)


def read(nlp, page: str) -> tuple[str | None, str | None]:
    doc = nlp(page)
    title = doc._.title
    return (title.text if title is not None else None), doc._.published


PAGES = [
    # a government site: breadcrumb, headline, cue line, body
    (
        "首页 > 新闻中心 > 工作动态\n市教育局召开2024年全市教育工作会议\n"
        "发布日期：2024-02-28　来源：市教育局　浏览次数：123\n"
        "2月27日，市教育局召开2024年全市教育工作会议。会议总结了2023年工作。",
        "市教育局召开2024年全市教育工作会议",
        "2024-02-28",
    ),
    # a news portal: the stamp with a clock time and the source beside the headline
    (
        "人民網\n人民網>>山西頻道>>山西要聞\n\n金湘軍主持召開山西省政府黨組擴大會議\n\n"
        "2024年03月23日09:05 | 來源：山西日報\n小字號\n\n3月21日，省政府黨組召開擴大會議，傳達學習講話精神。",
        "金湘軍主持召開山西省政府黨組擴大會議",
        "2024-03-23",
    ),
    # a column's label before the headline on its line, and a breadcrumb above: the label
    # belongs to the headline, the breadcrumb does not
    (
        "首页 > 要闻 > 图片\n\n关注两会 | 金凤区第三届人民代表大会第二次会议闭幕\n\n发布日期:2023-01-12\n\n"
        "1月12日,金凤区第三届人民代表大会第二次会议胜利闭幕。",
        "关注两会 | 金凤区第三届人民代表大会第二次会议闭幕",
        "2023-01-12",
    ),
    # a headline with a subtitle, then a stamp
    (
        "省政府召开常务会议\n——研究部署安全生产工作\n2023年05月06日 来源:省政府网\n"
        "5月5日，省长王某主持召开省政府常务会议，研究部署安全生产工作。",
        "省政府召开常务会议\n——研究部署安全生产工作",
        "2023-05-06",
    ),
    # a university site: site name, welcome line, then a long cue line
    (
        "欢迎访问本网站。\nXX大学新闻网\n学校召开2024年党风廉政建设工作会议\n"
        "作者：宣传部　来源：党委宣传部　发布时间：2024-03-08 10:21:00　浏览次数：356\n"
        "3月7日下午，学校在行政楼第一会议室召开2024年党风廉政建设工作会议。",
        "学校召开2024年党风廉政建设工作会议",
        "2024-03-08",
    ),
    # traditional script with pinyin glosses; a related link's date after the body
    (
        "當前位置：首頁 > 新聞動態\n縣政府召開(kāi)防汛工作會(huì)議\n發佈時間：2021-06-20 17:30　來源：縣應急局\n"
        "6月19日上午，縣政府召開(kāi)防汛工作會(huì)議，部署全縣防汛工作。\n相關新聞\n時間：2021-06-01 县委召开常委会",
        "縣政府召開(kāi)防汛工作會(huì)議",
        "2021-06-20",
    ),
    # a page-render stamp (with its weekday) before the headline is not the article's
    (
        "焦作市中级人民法院\n\u30002020年3月9日星期一 设为首页 / 添加收藏 / 返回首页\n当前位置: 新闻资讯 -> 法院要闻\n\n"
        "焦作中院组织收看全省法院“两会”联络工作电视电话会议\n\n\u3000\u3000发布时间:2012-12-07 14:42:39\n\n"
        "\u3000\u3000\u3000\u300012月7日上午,焦作中院组织本院干警收看会议。",
        "焦作中院组织收看全省法院“两会”联络工作电视电话会议",
        "2012-12-07",
    ),
    # a headline split over lines before the body, below a metadata block
    (
        "索引号: 8022-/2020-0410001\n发布机构: 县应急管理局 发布日时间: 2020-04-10\n存放位置: 废止日期:\n\n"
        "西盟县召开2020年县自然灾害应急管理\n\n工作暨县安委会第一次全体成员\n\n(扩大)会议\n\n \n\n"
        "49日,西盟县召开2020年县自然灾害应急管理工作暨县安委会第一次全体成员(扩大)会议。",
        "西盟县召开2020年县自然灾害应急管理\n\n工作暨县安委会第一次全体成员\n\n(扩大)会议",
        "2020-04-10",
    ),
    # a dateline without year and the date in the source footer
    (
        "中国水利网站11月6日讯(记者 尤珍) 11月3日上午,国务院召开全国农田水利基本建设电视电话会议。"
        "\n来源:中国水利网站 2017年11月6日",
        None,
        "2017-11-06",
    ),
    # no stamp: the headline above the body, and the dates of related links are not taken
    (
        "网易首页 > 网易辽宁 > 正文\n\n省委教育工委 省教育厅召开全省教育系统疫情防控工作紧急视频会议\n\n0\n分享至\n\n"
        "3月27日,省委教育工委、省教育厅召开全省教育系统疫情防控工作紧急视频会议,通报疫情形势。\n\n"
        "相关推荐\n马科斯大祸临头!菲军突然行动\n寰球视听\n2025-07-01 09:42:49",
        "省委教育工委 省教育厅召开全省教育系统疫情防控工作紧急视频会议",
        None,
    ),
    # a stamp written day first with dots, and photo captions between it and the body
    (
        "2019年全市森林防火工作会议在丽水召开\n\n22.03.2019  09:15\n\n会  场\n\n张副市长讲话\n\n"
        "3月21日,2019年全市森林防火工作会议在丽水召开。会议总结了去年工作。",
        "2019年全市森林防火工作会议在丽水召开",
        "2019-03-22",
    ),
    # a content system's Java-style stamp after its cue, below a site's name
    (
        "城投资讯\n\n市城投集团召开安全生产工作会\n\n发布时间:Tue Mar 05 08:30:00 CST 2024\n\n"
        "3月4日,市城投集团召开安全生产工作会。党委书记王某主持会议。",
        "市城投集团召开安全生产工作会",
        "2024-03-05",
    ),
    # a site's motto above the headline is not part of it
    (
        "全国农业信息服务平台\n\n2020年河北省农业农村工作会议召开\n\n"
        "1月10日,2020年河北省农业农村工作会议在石家庄召开。会议部署了全年工作。",
        "2020年河北省农业农村工作会议召开",
        None,
    ),
    # disclosure metadata with its own dates, then the headline and its source stamp
    (
        "• 索 引 号:1234/2022-001\n• 发布机构:县水利局\n• 生成日期:2022-05-12\n\n"
        "平江县召开防汛工作调度会\n\n来源:平江县水利局2022-05-12 10:01\n浏览量:3\n\n"
        "5月11日,平江县召开防汛工作调度会,副县长李某出席。",
        "平江县召开防汛工作调度会",
        "2022-05-12",
    ),
    # a headline that names its unit before a colon is no `key: value` field
    (
        "东关街道:召开老旧小区改造推进会\n\n来源:       发布日期:2021-04-09       浏览次数:\n\n"
        "4月8日上午,东关街道召开老旧小区改造推进会,街道党工委书记周某出席。",
        "东关街道:召开老旧小区改造推进会",
        "2021-04-09",
    ),
    # but a line of several fields is one
    (
        "区应急局召开防汛会商会\n发布机构:区应急管理局关 键 词:防汛会议\n"
        "6月2日,区应急局召开防汛会商会,研究部署汛期工作。",
        "区应急局召开防汛会商会",
        None,
    ),
    # a dateline without its year, and nothing else on the page
    ("东南网3月2日讯 1日,县委召开常委会会议,研究部署春耕工作。", None, "XXXX-03-02"),
    # a text that starts with its body has no headline
    ("3月22日下午,省教育厅、省委教育工委召开传达学习全国两会精神大会\n全国人大代表蒋某出席。", None, None),
    ("", None, None),
    # a page that prints its headline and the next line as one line
    (
        "县林业局召开森林防火工作会议 |\n来源:县林业局\n3月5日,县林业局召开森林防火工作会议。",
        "县林业局召开森林防火工作会议",
        None,
    ),
    (
        "镇人大主席团召开代表座谈会 发布时间:2023年05月12日\n5月11日,镇人大主席团召开代表座谈会,听取意见。",
        "镇人大主席团召开代表座谈会",
        "2023-05-12",
    ),
    (
        "“数字赋能 产业升级”推介会在宁波举办 9月3日上午,由市商务局主办的推介会在宁波举办,来自各地的企业代表参加。",
        "“数字赋能 产业升级”推介会在宁波举办",
        None,
    ),
    # a headline printed twice around its subtitle: the first copy
    (
        "首页\n县政府召开第12次常务会议\n王刚主持\n县政府召开第12次常务会议\n发布日期: 2025-03-02\n"
        "3月1日,县长王刚主持召开县政府第12次常务会议,研究有关事项。",
        "县政府召开第12次常务会议",
        "2025-03-02",
    ),
    # a date in a picture's path is no stamp
    ("![](/upload/pic/2019-3/14/19031410.jpg)\n3月13日,县委召开常委会会议,研究部署工作。", None, None),
    # but a dateline keeps the sentence it opens
    ("海峡网5月9日讯 据某报报道 8日,县委召开常委会会议,研究部署工作。", None, "XXXX-05-09"),
    # every `dateline_end` word the DATE component knows ends a dateline here too
    ("东方网8月31日消息:昨天下午,市委召开常委会会议,研究部署工作。", None, "XXXX-08-31"),
]


@pytest.mark.parametrize("page,title,published", PAGES)
def test_pages(nlp, page, title, published):
    assert read(nlp, page) == (title, published)


def test_published_already_set_is_kept(nlp):
    doc = nlp.make_doc("市政府召开常务会议\n发布时间：2024-03-08\n3月7日，市政府召开常务会议。")
    doc._.published = "2024-01-01"
    doc = nlp.get_pipe("meeting_article")(doc)
    assert doc._.published == "2024-01-01"
    assert doc._.title.text == "市政府召开常务会议"


def test_reference_date_is_the_fallback():
    config = {
        "nlp": {"tokenizer": {"segmenter": "char"}},
        "components": {"meeting_article": {"reference_date": "2024-05-01"}},
    }
    nlp = spacy.load("meeting_ner", config=config, exclude=OTHERS)
    assert nlp("4月28日,县委召开常委会会议。")._.published == "2024-05-01"
    assert nlp("发布时间:2022-03-19\n3月16日,省教育厅召开会议。")._.published == "2022-03-19"
    doc = nlp("4月28日,县委召开常委会会议。")
    assert [(e.text, e._.date_value) for e in doc.ents] == [("4月28日", "2024-04-28")]


def test_dev_gold(nlp, gold_docs):
    hits = {"published": [0, 0, 0], "title": [0, 0, 0]}
    for g in gold_docs:
        doc = nlp(g["text"])
        title = doc._.title
        predicted = {
            "published": doc._.published,
            "title": (title.start_char, title.end_char) if title is not None else None,
        }
        wanted = {"published": g.get("dct"), "title": tuple(g["title"]) if g.get("title") else None}
        for key, counts in hits.items():
            counts[0] += predicted[key] is not None and predicted[key] == wanted[key]
            counts[1] += predicted[key] is not None
            counts[2] += wanted[key] is not None
    f = {key: 2 * tp / (pred + gold) for key, (tp, pred, gold) in hits.items()}
    assert f["published"] == 1.0 and f["title"] >= 0.8, f


def test_title_survives_the_pkuseg_segmenter(gold_docs):
    nlp = spacy.load("meeting_ner", exclude=OTHERS)
    g = next(g for g in gold_docs if g["id"] == "dev-10")
    doc = nlp(g["text"])
    assert (doc._.title.start_char, doc._.title.end_char) == tuple(g["title"])


@pytest.mark.parametrize(
    "page",
    [
        # a deck line under the headline
        "第A02版:要闻\n\n全市安全生产工作会议召开\n\n压实责任守牢底线\n\n本报讯 5月6日,全市安全生产工作会议召开,研究部署下阶段工作。",
        # a kicker and a deck line under the headline
        "全市安全生产工作会议召开\n深入学习贯彻重要指示精神\n压实责任守牢安全底线\n5月6日,全市安全生产工作会议召开,研究部署下阶段工作。",
    ],
)
def test_the_headline_is_the_line_that_names_the_meeting(nlp, page):
    assert read(nlp, page)[0] == "全市安全生产工作会议召开"


def test_a_headline_printed_twice_is_one_title(nlp):
    # u-0199: the headline twice, then a deck line
    page = (
        "长沙市各界人士共聚中秋国庆茶话会 胡衡华出席\n长沙市各界人士共聚中秋国庆茶话会 胡衡华出席\n"
        "奋力交出大考之年高质量发展的优异答卷\n长沙晚报掌上长沙9月28日讯(全媒体记者 凌晴 陈登辉)"
        "28日上午,长沙市各界人士中秋国庆茶话会举行。"
    )
    assert read(nlp, page)[0] == "长沙市各界人士共聚中秋国庆茶话会 胡衡华出席"


def test_a_reading_time_line_is_no_title(nlp):
    page = (
        "本篇文章303字,读完约1分钟\n日前,虹口区广中路街道党建工作区域化联席会议在花园坊节能环保产业园召开。"
    )
    assert read(nlp, page)[0] is None
