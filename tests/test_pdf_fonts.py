"""The PDF font is embedded and every character of a Chinese name survives into the PDF."""

import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from fontTools.ttLib import TTFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from dashboard.pdf_fonts import FONT_NAME, FONT_PATH, register_cjk_font

PHRASE = "江苏省千企升级 堃 喆 昇 南京市 1,234.5%"
# PostScript name inside the font file; reportlab writes it with a subset tag, AAAAAA+…
POSTSCRIPT_NAME = "WenQuanYiMicroHei"


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "phrase.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont(register_cjk_font(), 14)
    pdf.drawString(72, 720, PHRASE)
    pdf.save()
    return path


def _pdffonts_rows(path):
    """Return pdffonts' table as dicts keyed by its header words, split at the dash columns."""
    lines = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    header, dashes, *body = lines
    spans, start = [], 0
    for width in (len(dash) for dash in dashes.split(" ")):
        spans.append((start, start + width))
        start += width + 1
    keys = [header[a:b].strip() for a, b in spans]
    return [
        {key: line[a:b].strip() for key, (a, b) in zip(keys, spans, strict=True)} for line in body
    ]


@pytest.fixture(scope="module")
def cjk_font_rows(pdf_path):
    return [
        row for row in _pdffonts_rows(pdf_path) if row["name"].rpartition("+")[2] == POSTSCRIPT_NAME
    ]


@pytest.fixture(scope="module")
def pdf_text(pdf_path):
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_register_returns_the_same_name_twice():
    assert (register_cjk_font(), register_cjk_font()) == (FONT_NAME, FONT_NAME)


def test_register_from_many_threads_returns_one_name():
    with ThreadPoolExecutor(max_workers=8) as pool:
        names = set(pool.map(lambda _: register_cjk_font(), range(32)))
    assert names == {FONT_NAME}


def test_registered_font_reads_the_project_file():
    register_cjk_font()
    assert pdfmetrics.getFont(FONT_NAME).face.filename == str(FONT_PATH)


def test_font_file_has_truetype_outlines():
    tables = set(TTFont(FONT_PATH, lazy=True).keys())
    assert ("glyf" in tables, "CFF " in tables) == (True, False)


def test_font_file_covers_gbk_except_three_source_gaps():
    cmap = TTFont(FONT_PATH, lazy=True).getBestCmap()
    gbk = set()
    for lead in range(0x81, 0xFF):
        for trail in [*range(0x40, 0x7F), *range(0x80, 0xFF)]:
            try:
                gbk.add(ord(bytes((lead, trail)).decode("gbk")))
            except UnicodeDecodeError:
                continue
    assert sorted(gbk - set(cmap)) == [0x0251, 0x0261, 0x2609]  # ɑ ɡ ☉, absent upstream


def test_pdf_has_one_cjk_font(cjk_font_rows):
    assert len(cjk_font_rows) == 1


def test_cjk_font_is_embedded(cjk_font_rows):
    assert [row["emb"] for row in cjk_font_rows] == ["yes"]


def test_cjk_font_is_truetype(cjk_font_rows):
    assert cjk_font_rows[0]["type"] in {"TrueType", "CID TrueType"}


@pytest.mark.parametrize("text", ["堃", "喆", "昇", "江苏省千企升级", "南京市", PHRASE])
def test_pdftotext_extracts(pdf_text, text):
    assert text in pdf_text
