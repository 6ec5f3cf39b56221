"""The bulletin's charts as reportlab drawings: vector, drawn with the embedded CJK font."""

from __future__ import annotations

import math

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from data_model import formatting as fmt
from data_model.bulletin import Bulletin
from data_model.metrics import status_scheme

BAR_COLOR = colors.HexColor("#2f6db5")
AXIS_FONT_SIZE = 7.5


def _drawing(width: float, height: float, font: str) -> Drawing:
    drawing = Drawing(width, height)
    # Without this the drawing's graphics state starts in Helvetica, which is not embedded.
    drawing.initialFontName = font
    return drawing


def _chart(width: float, height: float, categories: list[str], values: list[float], font: str):
    """Return a horizontal bar chart listing ``categories`` top to bottom."""
    chart = HorizontalBarChart()
    chart.x, chart.y = 46 * mm, 6 * mm
    chart.width, chart.height = width - chart.x - 14 * mm, height - 10 * mm
    # HorizontalBarChart draws the first category at the bottom; reverse to read top-down.
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = list(reversed(categories))
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = AXIS_FONT_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = AXIS_FONT_SIZE
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = BAR_COLOR
    chart.bars[0].strokeColor = None
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = AXIS_FONT_SIZE - 0.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    return chart


def score_chart(bulletin: Bulletin, font: str, width: float, safe) -> Drawing:
    """Return the cities' composite scores as bars, in ranking order."""
    cities = bulletin.ranking
    decimals = bulletin.method.display_decimals
    height = max(60 * mm, (len(cities) * 5.5 + 14) * mm)
    drawing = _drawing(width, height, font)
    chart = _chart(
        width,
        height,
        [safe(f"{c.rank}. {c.region}") for c in cities],
        [c.score for c in cities],
        font,
    )
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.barLabelFormat = lambda value: fmt.score(value, decimals)
    drawing.add(chart)
    return drawing


def province_chart(bulletin: Bulletin, font: str, width: float, safe) -> Drawing:
    """Return the province's completion of every indicator, coloured by status, with 序时进度."""
    statuses = bulletin.province
    height = (len(statuses) * 5.6 + 18) * mm
    drawing = _drawing(width, height, font)
    values = [0.0 if math.isnan(s.completion) else s.completion for s in statuses]
    chart = _chart(width, height - 8 * mm, [safe(s.name) for s in statuses], values, font)
    top = max([1.0, bulletin.expected, *values])
    chart.valueAxis.valueMax = math.ceil(top * 5) / 5
    chart.valueAxis.valueStep = 0.2
    chart.valueAxis.labelTextFormat = lambda value: fmt.percent(value, 0)
    chart.barLabelFormat = lambda value: fmt.percent(value)
    scheme = status_scheme()
    for position, status in enumerate(reversed(statuses)):
        chart.bars[(0, position)].fillColor = colors.HexColor(scheme.color(status.status))
    drawing.add(chart)
    x = chart.x + chart.width * bulletin.expected / chart.valueAxis.valueMax
    line = Line(x, chart.y, x, chart.y + chart.height + 2 * mm)
    line.strokeColor = colors.HexColor("#c8332b")
    line.strokeWidth = 1
    line.strokeDashArray = [3, 2]
    drawing.add(line)
    label = String(
        x,
        chart.y + chart.height + 3.5 * mm,
        safe(f"序时进度 {fmt.percent(bulletin.expected)}"),
        fontName=font,
        fontSize=AXIS_FONT_SIZE + 0.5,
        fillColor=colors.HexColor("#c8332b"),
        textAnchor="middle",
    )
    drawing.add(label)
    return drawing
