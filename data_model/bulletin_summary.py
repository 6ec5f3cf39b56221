"""The bulletin's opening summary: sentences generated from its numbers, never written by hand."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from data_model import formatting as fmt
from data_model.metrics import status_scheme

if TYPE_CHECKING:
    from data_model.bulletin import Bulletin, RankedCity

ENDS = 3  # how many cities the summary names at the top and at the bottom


def summary_sentences(bulletin: Bulletin) -> tuple[str, ...]:
    """Return the summary's paragraphs, each made of sentences built from ``bulletin``'s figures."""
    paragraphs = [
        headline_sentence(bulletin),
        indicator_sentence(bulletin),
        ranking_sentence(bulletin),
        change_sentence(bulletin),
        lagging_sentence(bulletin),
    ]
    return tuple(p for p in paragraphs if p)


def headline_sentence(bulletin: Bulletin) -> str:
    """Return the province totals and completion of the headline targets against 序时进度.

    E.g. "截至2022年第三季度末，序时进度为75.0%。全省入库培育企业累计8,123家，完成三年目标
    10,000家的81.2%，超出序时进度6.2个百分点；……"
    """
    parts = [
        f"{s.name}累计{fmt.number(s.cumulative)}{s.unit}，完成三年目标{fmt.number(s.target)}"
        f"{s.unit}的{fmt.percent(s.completion)}，{fmt.versus_expected(s.gap)}"
        for s in bulletin.headline
    ]
    opening = f"截至{bulletin.quarter_label}末，序时进度为{fmt.percent(bulletin.expected)}。"
    return opening + ("全省" + "；".join(parts) + "。" if parts else "")


def indicator_sentence(bulletin: Bulletin) -> str:
    """Return how many of the province's indicators are in each status, naming the lagging ones."""
    counts = Counter(s.status for s in bulletin.province)
    scheme = status_scheme()
    bands = [*scheme.bands, scheme.no_target]
    tally = "，".join(f"{b.label}{counts[b.code]}项" for b in bands if counts[b.code])
    lagging = [s for s in bulletin.province if s.lagging]
    text = f"全省{len(bulletin.province)}项指标中，{tally}。"
    if lagging:
        names = "、".join(s.name for s in sorted(lagging, key=lambda s: s.gap))
        return text + f"滞后序时进度的指标共{len(lagging)}项：{names}。"
    return text + "没有滞后序时进度的指标。"


def _ends(ranking: tuple[RankedCity, ...]) -> tuple[list[RankedCity], list[RankedCity]]:
    """Return the first and last ``ENDS`` cities, widened to keep tied cities together."""
    if len(ranking) <= 2 * ENDS:
        half = len(ranking) // 2
        return list(ranking[:half]), list(ranking[half:])
    top_rank = ranking[ENDS - 1].rank
    bottom_rank = ranking[-ENDS].rank
    top = [c for c in ranking if c.rank <= top_rank]
    bottom = [c for c in ranking if c.rank >= bottom_rank and c not in top]
    return top, bottom


def ranking_sentence(bulletin: Bulletin) -> str:
    """Return the top and bottom cities with their ranks and scores, and the core leader."""
    if not bulletin.ranking:
        return ""
    decimals = bulletin.method.display_decimals

    def named(cities: list[RankedCity]) -> str:
        return fmt.region_list(
            [f"{c.region}（第{c.rank}名，{fmt.score(c.score, decimals)}分）" for c in cities]
        )

    top, bottom = _ends(bulletin.ranking)
    most = max(c.core_value for c in bulletin.ranking)
    leaders = [c.region for c in bulletin.ranking if c.core_value == most]
    return (
        f"按{bulletin.method.name}，综合得分居前的是{named(top)}；居后的是{named(bottom)}。"
        f"核心指标{bulletin.method.core_component}最多的是{fmt.region_list(leaders)}"
        f"（{fmt.number(most)}{bulletin.method.core_unit}）。"
    )


def change_sentence(bulletin: Bulletin) -> str:
    """Return how many cities moved up, down or stayed, against the previous quarter."""
    if bulletin.previous_label is None:
        return ""
    moves = [c for c in bulletin.ranking if c.rank_change is not None]
    up = [c for c in moves if c.rank_change > 0]
    down = [c for c in moves if c.rank_change < 0]
    same = len(moves) - len(up) - len(down)
    if not up and not down:
        return f"与{bulletin.previous_label}相比，各设区市排名均无变化。"
    text = (
        f"与{bulletin.previous_label}相比，排名上升的{len(up)}个市，下降的{len(down)}个市，"
        f"持平的{same}个市"
    )
    if up:
        best = max(c.rank_change for c in up)
        climbers = [c.region for c in up if c.rank_change == best]
        text += f"；{fmt.region_list(climbers)}上升最多（上升{best}位）"
    if down:
        worst = min(c.rank_change for c in down)
        fallers = [c.region for c in down if c.rank_change == worst]
        text += f"；{fmt.region_list(fallers)}下降最多（下降{-worst}位）"
    return text + "。"


def lagging_sentence(bulletin: Bulletin) -> str:
    """Return how many cities and city indicators lag 序时进度, and which city lags most."""
    if not bulletin.lagging:
        return "各设区市均没有滞后序时进度的指标。"
    items = [s for city in bulletin.lagging for s in city.indicators]
    serious = sum(s.status == "serious" for s in items)
    most = max(len(city.indicators) for city in bulletin.lagging)
    worst = [city.region for city in bulletin.lagging if len(city.indicators) == most]
    return (
        f"{len(bulletin.lagging)}个设区市共有{len(items)}项次指标滞后序时进度（其中严重滞后"
        f"{serious}项次），滞后指标最多的是{fmt.region_list(worst)}（{most}项）。"
    )
