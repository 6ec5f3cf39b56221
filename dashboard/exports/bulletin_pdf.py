"""The quarterly bulletin (通报) as an A4 PDF, laid out with reportlab platypus.

Every figure comes from a ``data_model.bulletin.Bulletin`` and is formatted by
``data_model.formatting``. The CJK font is embedded (``dashboard.pdf_fonts``); text passes
through ``font_safe`` so that no character the font lacks is ever drawn as an empty box.
"""

from __future__ import annotations

import io
import re
import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from dashboard.exports.bulletin_charts import province_chart, score_chart
from dashboard.pdf_fonts import register_cjk_font
from data_model import formatting as fmt
from data_model.bulletin import Bulletin, IndicatorStatus
from data_model.metrics import status_scheme

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 20 * mm, 22 * mm, 20 * mm
WIDTH = A4[0] - 2 * MARGIN_X
REGIONS_PER_TABLE = 7  # 13 cities + the province in two tables fit A4 portrait without cutting
HEADER_FILL = colors.HexColor("#dde7f3")
GRID = colors.HexColor("#9aa0a6")
CHAPTERS = ("一", "二", "三", "四", "五", "六")
_SUPERSCRIPTS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+")


@cache
def _font_chars(font: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def font_safe(text: str) -> str:
    """Return ``text`` with every character the embedded font lacks replaced by one it has.

    Superscripts become ``^`` notation (10⁻⁹ → 10^-9); other characters fall back to their
    compatibility form, then to "?" — never to an empty box.
    """
    chars = _font_chars(register_cjk_font())
    if all(ord(c) in chars for c in text):
        return text

    def superscript(match: re.Match) -> str:
        return "^" + unicodedata.normalize("NFKC", match.group()).replace("\u2212", "-")

    text = _SUPERSCRIPTS.sub(superscript, text)
    out = []
    for char in text:
        if ord(char) not in chars:
            char = unicodedata.normalize("NFKC", char).replace("\u2212", "-")
            char = "".join(c if ord(c) in chars else "?" for c in char)
        out.append(char)
    return "".join(out)


class _NumberedCanvas(canvas.Canvas):
    """A canvas that writes 第 N 页 共 M 页 once the page count is known."""

    def __init__(self, *args, **kwargs):
        # Otherwise every page's preamble names Helvetica, a font that is never embedded.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or register_cjk_font()
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(register_cjk_font(), 9)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawCentredString(A4[0] / 2, 10 * mm, f"第 {self._pageNumber} 页 共 {total} 页")
            super().showPage()
        super().save()


class _Styles:
    def __init__(self, font: str):
        base = {"fontName": font, "wordWrap": "CJK"}
        self.title = ParagraphStyle("title", fontSize=17, leading=26, alignment=TA_CENTER, **base)
        self.issuer = ParagraphStyle("issuer", fontSize=11, leading=18, alignment=TA_CENTER, **base)
        self.demo = ParagraphStyle(
            "demo", fontSize=11, leading=18, alignment=TA_CENTER, textColor="#c8332b", **base
        )
        self.heading = ParagraphStyle(
            "heading", fontSize=13.5, leading=22, spaceBefore=8, spaceAfter=4, **base
        )
        self.subheading = ParagraphStyle(
            "subheading", fontSize=11.5, leading=18, spaceBefore=6, spaceAfter=3, **base
        )
        self.body = ParagraphStyle(
            "body", fontSize=10.5, leading=18, firstLineIndent=21, spaceAfter=3, **base
        )
        self.note = ParagraphStyle("note", fontSize=8.5, leading=13, textColor="#444444", **base)
        self.cell = ParagraphStyle("cell", fontSize=8, leading=10, **base)
        self.right = ParagraphStyle("right", fontSize=10.5, leading=18, alignment=TA_RIGHT, **base)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(font_safe(text)), style)


def _table(rows: list[list], widths: list[float], font: str, extra: list | None = None) -> Table:
    """Return a grid table whose first row is a header repeated on every page it spans."""
    rows = [[font_safe(c) if isinstance(c, str) else c for c in row] for row in rows]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("LEADING", (0, 0), (-1, -1), 10),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                *(extra or []),
            ]
        )
    )
    return table


def _tint(hex_color: str, share: float = 0.28) -> colors.Color:
    """Return ``hex_color`` mixed with white, light enough to print text on."""
    color = colors.HexColor(hex_color)
    return colors.Color(*(1 - share * (1 - c) for c in (color.red, color.green, color.blue)))


def _chapter(number: int, title: str, styles: _Styles) -> Paragraph:
    return _p(f"{CHAPTERS[number - 1]}、{title}", styles.heading)


def render_pdf(bulletin: Bulletin) -> bytes:
    """Return the bulletin as PDF bytes (A4, Chinese, font embedded)."""
    font = register_cjk_font()
    styles = _Styles(font)
    story = [
        *_front(bulletin, styles),
        _chapter(1, "总体情况", styles),
        *[_p(text, styles.body) for text in bulletin.summary],
        Spacer(1, 2 * mm),
        _headline_table(bulletin, font),
        CondPageBreak(120 * mm),
        _chapter(2, "设区市综合排名", styles),
        *_ranking_section(bulletin, styles, font),
        CondPageBreak(120 * mm),
        _chapter(3, "分指标完成情况", styles),
        *_indicator_section(bulletin, styles, font),
        CondPageBreak(60 * mm),
        _chapter(4, "滞后地区及指标", styles),
        *_lagging_section(bulletin, styles, font),
        CondPageBreak(60 * mm),
        _chapter(5, "说明", styles),
        *_method_section(bulletin, styles),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=font_safe(bulletin.title),
        author=font_safe(bulletin.issuer),
        subject=font_safe(bulletin.plan_name),
        creator="千企升级进展监测平台",
    )
    document.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def _front(bulletin: Bulletin, styles: _Styles) -> list:
    issued = bulletin.issued_on
    flow = [
        _p(bulletin.title, styles.title),
        Spacer(1, 2 * mm),
        _p(bulletin.issuer, styles.issuer),
        _p(f"{issued.year}年{issued.month}月{issued.day}日", styles.issuer),
    ]
    if bulletin.is_demo:
        flow.append(_p("（演示数据，不作为正式通报）", styles.demo))
    return [*flow, Spacer(1, 4 * mm)]


def _headline_table(bulletin: Bulletin, font: str) -> Table:
    rows = [["核心目标", "三年目标", "累计完成", "完成率", "序时进度", "差距（百分点）", "状态"]]
    rows += [
        [
            s.name,
            f"{fmt.number(s.target)}{s.unit}",
            f"{fmt.number(s.cumulative)}{s.unit}",
            fmt.percent(s.completion),
            fmt.percent(bulletin.expected),
            fmt.signed_points(s.gap),
            s.status_label,
        ]
        for s in bulletin.headline
    ]
    widths = [52 * mm, 20 * mm, 20 * mm, 17 * mm, 17 * mm, 24 * mm, 20 * mm]
    styles = _Styles(font)
    for row in rows[1:]:
        row[0] = _p(row[0], styles.cell)
    return _table(rows, widths, font)


def _ranking_section(bulletin: Bulletin, styles: _Styles, font: str) -> list:
    method = bulletin.method
    decimals = method.display_decimals
    header = [
        "排名",
        "设区市",
        "综合得分",
        *[f"{c.name}（{fmt.number(c.weight * 100)}%）" for c in method.components],
        f"{method.core_component}（{method.core_unit}）",
        "较上季度",
        "梯队",
        "排名区间",
    ]
    rows = [[_p(text, styles.cell) for text in header]]
    extra = []
    for line, city in enumerate(bulletin.ranking, start=1):
        rows.append(
            [
                str(city.rank),
                city.region,
                fmt.score(city.score, decimals),
                *[fmt.score(value, decimals) for value in city.components],
                fmt.number(city.core_value),
                fmt.rank_change(city.rank_change),
                city.tier,
                fmt.rank_range(city.rank_min, city.rank_max),
            ]
        )
        if city.rank_change:
            color = "#1b7f3b" if city.rank_change > 0 else "#c8332b"
            extra.append(("TEXTCOLOR", (-3, line), (-3, line), colors.HexColor(color)))
    extra += [("ALIGN", (0, 1), (1, -1), "CENTER"), ("ALIGN", (-2, 1), (-1, -1), "CENTER")]
    widths = [10, 17, 15, 20, 20, 20, 19, 16, 17, 16]
    table = _table(rows, [w * mm for w in widths], font, extra)
    band = fmt.number(bulletin.method.stability_band * 100)
    note = (
        f"注：得分相同者并列，并列后的名次顺延。排名区间为各项权重在±{band}%范围内随机变动"
        f"（{bulletin.method.stability_samples}次，结果可复现）时该市取得的最好和最差名次，"
        "区间越窄，名次越稳定。"
    )
    if not bulletin.previous_label:
        note += "本期为首次通报，无上期名次可比。"
    return [
        KeepTogether([table, Spacer(1, 1.5 * mm), _p(note, styles.note)]),
        Spacer(1, 3 * mm),
        KeepTogether(
            [
                _p("图1  各设区市综合得分", styles.subheading),
                score_chart(bulletin, font, WIDTH, font_safe),
            ]
        ),
    ]


def _indicator_section(bulletin: Bulletin, styles: _Styles, font: str) -> list:
    flow = [
        KeepTogether(
            [
                _p("图2  全省各指标完成率与序时进度", styles.subheading),
                province_chart(bulletin, font, WIDTH, font_safe),
            ]
        )
    ]
    regions = bulletin.regions
    chunks = [
        range(start, min(start + REGIONS_PER_TABLE, len(regions)))
        for start in range(0, len(regions), REGIONS_PER_TABLE)
    ]
    scheme = status_scheme()
    for number, chunk in enumerate(chunks, start=1):
        header = ["指标"] + [regions[i][1] for i in chunk]
        rows = [[_p(text, styles.cell) for text in header]]
        extra = []
        for line, row in enumerate(bulletin.completion, start=1):
            rows.append([_p(f"{row.name}（{row.unit}）", styles.cell)])
            for column, index in enumerate(chunk, start=1):
                cell: IndicatorStatus = row.cells[index]
                rows[-1].append(fmt.percent(cell.completion))
                if cell.lagging:
                    fill = _tint(scheme.color(cell.status))
                    extra.append(("BACKGROUND", (column, line), (column, line), fill))
        column_width = (WIDTH - 44 * mm) / REGIONS_PER_TABLE
        title = f"表{number}  各地区分指标完成率（{number}/{len(chunks)}）"
        flow += [
            CondPageBreak(40 * mm),
            _p(title, styles.subheading),
            _table(rows, [44 * mm] + [column_width] * len(chunk), font, extra),
        ]
    behind, serious = scheme.label("behind"), scheme.label("serious")
    flow.append(
        _p(
            f"注：完成率＝累计完成÷三年目标；浅黄色底为{behind}，浅红色底为{serious}"
            f"（较序时进度{fmt.percent(bulletin.expected)}）；“—”为无分解目标。",
            styles.note,
        )
    )
    return flow


def _lagging_section(bulletin: Bulletin, styles: _Styles, font: str) -> list:
    if not bulletin.lagging:
        return [_p("本期各设区市均没有滞后序时进度的指标。", styles.body)]
    flow = [
        _p(
            f"以下{len(bulletin.lagging)}个设区市有指标滞后序时进度（按综合排名先后排列，"
            "各市指标按差距从大到小排列）。",
            styles.body,
        )
    ]
    header = ["指标", "三年目标", "累计完成", "完成率", "差距（百分点）", "状态"]
    widths = [66 * mm, 22 * mm, 22 * mm, 18 * mm, 24 * mm, 18 * mm]
    for number, city in enumerate(bulletin.lagging, start=1):
        rows = [header]
        rows += [
            [
                s.name,  # fits the 66 mm column; a plain string is much cheaper to lay out
                f"{fmt.number(s.target)}{s.unit}",
                f"{fmt.number(s.cumulative)}{s.unit}",
                fmt.percent(s.completion),
                fmt.signed_points(s.gap),
                s.status_label,
            ]
            for s in city.indicators
        ]
        serious = sum(s.status == "serious" for s in city.indicators)
        heading = (
            f"（{_ordinal(number)}）{city.region}（综合排名第{city.rank}名）："
            f"滞后指标{len(city.indicators)}项，其中严重滞后{serious}项"
        )
        flow += [
            CondPageBreak(35 * mm),
            _p(heading, styles.subheading),
            _table(rows, widths, font, [("ALIGN", (-1, 1), (-1, -1), "CENTER")]),
        ]
    return flow


def _ordinal(number: int) -> str:
    """Return a Chinese numeral for 1-99.

    >>> _ordinal(3), _ordinal(10), _ordinal(13), _ordinal(20)
    ('三', '十', '十三', '二十')
    """
    digits = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    prefix = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return prefix + (digits[ones] if ones else "")


def _method_section(bulletin: Bulletin, styles: _Styles) -> list:
    method = bulletin.method
    weights = "，".join(f"{c.name}{fmt.number(c.weight * 100)}%" for c in method.components)
    tiers = "，".join(f"第{first}至{last}名为{name}" for name, first, last in method.tiers)
    paragraphs = [
        f"1．排名方法：{method.name}。{method.description}",
        f"2．得分构成及权重：{weights}。"
        + "".join(f"{c.name}：{c.description}" for c in method.components),
        f"3．梯队划分：{tiers}。",
        f"4．稳健性：各项权重在±{fmt.number(method.stability_band * 100)}%范围内随机变动"
        f"{method.stability_samples}次并重新排名，报告各市的最好和最差名次。",
        f"5．数据来源：各设区市报送并经审核的季度数据；序时进度为计划期已过时间占比"
        f"（{bulletin.quarter_label}为{fmt.percent(bulletin.expected)}）。",
    ]
    if bulletin.data_as_of:
        as_of = bulletin.data_as_of
        paragraphs.append(
            f"6．数据截至{as_of.year}年{as_of.month}月{as_of.day}日"
            "（计入本期的最近一份报送的时间）。"
        )
    if bulletin.is_demo:
        paragraphs.append("本通报使用演示数据生成，仅供演示，不作为正式通报。")
    return [_p(text, styles.note) for text in paragraphs] + [
        Spacer(1, 8 * mm),
        _p(bulletin.issuer, styles.right),
    ]
