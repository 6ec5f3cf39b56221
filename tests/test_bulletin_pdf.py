"""The bulletin PDF: its text (via pdftotext) matches data_model's figures, the font is embedded,
rare characters survive, nothing is cut, and the Excel/CSV/JSON files carry the same ranking.

One PDF per backend for the demo database (2022Q3), one for a hand-made bulletin with 堃.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
import pytest
from conftest import BACKENDS, _database
from openpyxl import load_workbook
from test_bulletin import BEFORE, METHOD, NOW, PLAN_YAML, progress_rows
from test_pdf_fonts import POSTSCRIPT_NAME, _pdffonts_rows

from dashboard.exports import ranking_export
from dashboard.exports.bulletin_pdf import _font_chars, font_safe, render_pdf
from dashboard.pdf_fonts import register_cjk_font
from data_model import formatting as fmt
from data_model.bulletin import Bulletin, bulletin_data, load_bulletin
from data_model.db import read_session
from data_model.periods import Quarter
from data_model.plan_catalog import parse_plan
from data_model.progress import progress
from data_model.ranking import display_ranking, load_method, parse_method, rank_cities

QUARTER = Quarter(2022, 3)


@dataclass
class Made:
    bulletin: Bulletin
    pdf: bytes
    path: object
    text: str  # pdftotext -layout
    flat: str  # pdftotext without layout, all whitespace removed
    pages: int
    expected_ranking: pd.DataFrame  # computed here from progress(), not read off the bulletin
    progress: pd.DataFrame


def _extract(path) -> tuple[str, str, int]:
    def run(*args):
        command = ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout

    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    return run("-layout"), re.sub(r"\s+", "", run()), pages


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request, templates, tmp_path_factory):
    databases = _database(templates, request.param, demo=True)
    database = next(databases)
    with read_session(database.sessions) as session:
        bulletin = load_bulletin(session, database.plan_code, QUARTER, issued_on=date(2022, 10, 20))
        frame = progress(session, database.plan_code, QUARTER)
    method = load_method()
    expected = display_ranking(rank_cities(frame[frame["level"] == "city"], method), method)
    pdf = render_pdf(bulletin)
    path = tmp_path_factory.mktemp("bulletin") / "bulletin.pdf"
    path.write_bytes(pdf)
    text, flat, pages = _extract(path)
    yield Made(bulletin, pdf, path, text, flat, pages, expected, frame)
    databases.close()


@pytest.fixture(scope="module")
def rare(tmp_path_factory):
    """A hand-made bulletin whose issuer has 堃喆昇 and whose third city is 堃城市."""
    plan = parse_plan(PLAN_YAML)
    method = parse_method(METHOD, {"provincial_giants", "national_giants", "patents"})
    quarter = Quarter(2021, 2)
    bulletin = bulletin_data(
        progress_rows(plan, NOW, quarter),
        progress_rows(plan, BEFORE, quarter.previous()),
        plan,
        quarter,
        method,
        is_demo=True,
    )
    path = tmp_path_factory.mktemp("rare") / "rare.pdf"
    path.write_bytes(render_pdf(bulletin))
    return bulletin, path, *_extract(path)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- the text matches data_model --------------------------------------------------------------


def test_every_city_rank_and_score_is_in_the_ranking_table(demo):
    lines = demo.text.splitlines()
    for row in demo.expected_ranking.itertuples():
        score = f"{row.score:.2f}"
        pattern = re.compile(rf"^\s*{row.rank}\s+{row.region}\s+{re.escape(score)}\s")
        assert [line for line in lines if pattern.match(line)], (row.rank, row.region, score)
    assert len(demo.expected_ranking) == 13


def test_ranking_rows_follow_the_ranking_order(demo):
    positions = [demo.text.index(f"{r.region}   ") for r in demo.expected_ranking.itertuples()]
    assert positions == sorted(positions)


def test_province_completion_of_the_headline_targets_is_in_the_summary(demo):
    province = demo.progress[demo.progress["level"] == "province"].set_index("indicator")
    for code in ("pool_firms", "provincial_giants", "national_giants"):
        row = province.loc[code]
        sentence = (
            f"{row.indicator_name}累计{fmt.number(row.cumulative)}{row.unit}，完成三年目标"
            f"{fmt.number(row.target)}{row.unit}的{fmt.percent(row.completion)}"
        )
        assert _flat(sentence) in demo.flat
        assert _flat(fmt.versus_expected(row.gap)) in demo.flat
    assert f"序时进度为{fmt.percent(province['expected'].iloc[0])}" in demo.flat


def test_top_and_bottom_cities_are_named_with_their_scores(demo):
    first, last = demo.expected_ranking.iloc[0], demo.expected_ranking.iloc[-1]
    assert f"{first.region}（第{first['rank']}名，{first.score:.2f}分）" in demo.flat
    assert f"{last.region}（第{last['rank']}名，{last.score:.2f}分）" in demo.flat


def test_every_indicator_is_in_both_completion_tables_and_the_chart(demo):
    for name in demo.progress["indicator_name"].unique():
        assert demo.flat.count(_flat(name)) >= 3, name


def test_every_city_is_a_column_of_the_completion_tables(demo):
    header_lines = [line for line in demo.text.splitlines() if line.strip().startswith("指标 ")]
    headers = " ".join(header_lines)
    for region in demo.progress["region"].unique():
        assert region in headers


def test_every_lagging_city_has_a_section_with_each_lagging_indicator(demo):
    assert demo.bulletin.lagging, "demo data for 2022Q3 has lagging cities"
    for city in demo.bulletin.lagging:
        assert f"{city.region}（综合排名第{city.rank}名）：滞后指标{len(city.indicators)}项" in (
            demo.flat
        )
    rows = sum(len(city.indicators) for city in demo.bulletin.lagging)
    percent_cells = [
        line for line in demo.text.splitlines() if re.search(r"(严重滞后|滞后)\s*$", line)
    ]
    # One line per lagging indicator, plus the three headline rows when they lag.
    assert rows <= len(percent_cells) <= rows + 3


def test_closing_note_states_weights_data_date_and_demo(demo):
    assert "小巨人认定数量40%，小巨人序时完成度20%，其他指标序时完成度40%" in demo.flat
    as_of = demo.bulletin.data_as_of
    assert f"数据截至{as_of.year}年{as_of.month}月{as_of.day}日" in demo.flat
    assert "演示数据" in demo.flat
    assert "10^-9" in demo.flat  # the method's 10⁻⁹, which the font cannot draw


def test_page_numbers_count_every_page(demo):
    assert f"第1页共{demo.pages}页" in demo.flat
    assert f"第{demo.pages}页共{demo.pages}页" in demo.flat


def test_page_count_is_reasonable(demo):
    # Fixed part: title, summary and ranking (about 2 pages), two charts (about 1.5), the two
    # completion tables of 26 rows (about 1.5) and the note (under 1) — about 6 pages.
    # The demo's 2022Q3 has 143 lagging city-indicators in 13 sections, about 3-4 pages more.
    assert 7 <= demo.pages <= 12


def test_title_issuer_and_date(demo):
    assert "关于2022年第三季度全省“千企升级”工作进展情况的通报" in demo.flat
    assert "江苏省制造强省建设领导小组办公室2022年10月20日" in demo.flat


# --- fonts --------------------------------------------------------------------------------


def test_only_the_embedded_cjk_font_is_used(demo):
    rows = _pdffonts_rows(demo.path)
    assert rows
    assert {row["name"].rpartition("+")[2] for row in rows} == {POSTSCRIPT_NAME}
    assert {row["emb"] for row in rows} == {"yes"}


def test_rare_characters_survive_extraction(rare):
    bulletin, path, text, flat, pages = rare
    assert "江苏省堃喆昇测试办公室" in flat
    assert "堃城市" in flat
    assert re.search(r"^\s*2\s+堃城市\s+38\.33\s", text, re.M)
    assert {row["emb"] for row in _pdffonts_rows(path)} == {"yes"}


def test_ties_share_a_rank_and_changes_show_arrows(rare):
    bulletin, path, text, flat, pages = rare
    lines = {m.group(1): m.group(0) for m in re.finditer(r"^\s*\d+\s+(\S+市)\s.*$", text, re.M)}
    assert re.search(r"^\s*1\s+南京市\s+98\.33\s.*↑1\s+第一梯队\s+1\s*$", lines["南京市"])
    assert re.search(r"^\s*2\s+无锡市\s+38\.33\s.*↓1\s+第二梯队\s+2\s*$", lines["无锡市"])
    assert re.search(r"^\s*2\s+堃城市\s+38\.33\s.*↑1\s+第二梯队\s+2\s*$", lines["堃城市"])
    assert pages <= 5


def test_font_safe_replaces_only_what_the_font_lacks():
    assert font_safe("江苏省 堃 1,234.5% ↑↓ “—”") == "江苏省 堃 1,234.5% ↑↓ “—”"
    assert font_safe("10⁻⁹") == "10^-9"
    assert font_safe("3−2") == "3-2"


def test_every_character_of_the_demo_bulletin_is_in_the_font(demo):
    chars = _font_chars(register_cjk_font())
    texts = [demo.bulletin.title, demo.bulletin.issuer, *demo.bulletin.summary]
    texts += [demo.bulletin.method.description]
    texts += [c.description for c in demo.bulletin.method.components]
    missing = {ch for text in texts for ch in font_safe(text) if ord(ch) not in chars}
    assert missing == set()


# --- Excel, CSV, JSON ---------------------------------------------------------------------


def test_excel_ranking_sheet_reads_back_as_the_ranking(demo):
    workbook = load_workbook(io.BytesIO(ranking_export.render(demo.bulletin, "xlsx")))
    assert workbook.sheetnames == ["综合排名", "分指标完成率"]
    sheet = workbook["综合排名"]
    assert [c.value for c in sheet[3]][:4] == ["排名", "设区市", "地区代码", "综合得分"]
    assert sheet.freeze_panes == "A4"
    assert sheet["D4"].number_format == "0.00"
    assert sheet.column_dimensions["B"].width == 10
    rows = [[c.value for c in row][:8] for row in sheet.iter_rows(min_row=4)]
    expected = [
        [
            r["rank"],
            r.region,
            r.region_code,
            r.score,
            r.giants_count,
            r.giants_pace,
            r.overall_pace,
            r.core_value,
        ]
        for _, r in demo.expected_ranking.iterrows()
    ]
    assert rows == expected


def test_excel_completion_sheet_has_every_indicator_and_region(demo):
    workbook = load_workbook(io.BytesIO(ranking_export.render(demo.bulletin, "xlsx")))
    sheet = workbook["分指标完成率"]
    header = [c.value for c in sheet[3]]
    assert header[:4] == ["指标代码", "指标名称", "单位", "江苏省"]
    assert len(header) == 3 + 14
    frame = demo.progress.set_index(["indicator", "region"])
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 26
    for row in rows:
        for region, value in zip(header[3:], row[3:], strict=True):
            completion = frame.loc[(row[0], region), "completion"]
            if pd.isna(completion):  # no target for that city: an empty cell
                assert value is None
            else:
                assert value == pytest.approx(completion, abs=1e-6)
    assert sheet["D4"].number_format == "0.0%"


@pytest.mark.parametrize("fmt_name", ["csv", "json"])
def test_csv_and_json_have_rank_region_score_and_components(demo, fmt_name):
    data = ranking_export.render(demo.bulletin, fmt_name).decode("utf-8")
    rows = json.loads(data) if fmt_name == "json" else list(csv.DictReader(io.StringIO(data)))
    assert list(rows[0])[:7] == [
        "rank",
        "region",
        "region_code",
        "score",
        "giants_count",
        "giants_pace",
        "overall_pace",
    ]
    got = [(int(r["rank"]), r["region"], float(r["score"])) for r in rows]
    assert got == [(r["rank"], r.region, r.score) for _, r in demo.expected_ranking.iterrows()]


def test_exports_neutralise_formula_like_text(rare):
    bulletin = rare[0]
    city = replace(bulletin.ranking[0], region="=HYPERLINK(1)")
    hostile = replace(bulletin, ranking=(city, *bulletin.ranking[1:]))
    assert "'=HYPERLINK(1)" in ranking_export.render(hostile, "csv").decode()
    sheet = load_workbook(io.BytesIO(ranking_export.render(hostile, "xlsx")))["综合排名"]
    assert sheet["B4"].value == "'=HYPERLINK(1)"


def test_first_quarter_exports_leave_the_previous_rank_empty(rare):
    bulletin = replace(
        rare[0],
        ranking=tuple(replace(c, previous_rank=None, rank_change=None) for c in rare[0].ranking),
    )
    rows = list(csv.DictReader(io.StringIO(ranking_export.render(bulletin, "csv").decode())))
    assert {(r["previous_rank"], r["rank_change"]) for r in rows} == {("", "")}
    sheet = load_workbook(io.BytesIO(ranking_export.render(bulletin, "xlsx")))["综合排名"]
    assert sheet["I4"].value is None
