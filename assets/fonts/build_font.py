"""Build wqy-microhei-gbk.ttf, the CJK font embedded in PDF bulletins.

Run by hand when the source font changes; the output is committed and tests never rebuild it:

    .venv/bin/python assets/fonts/build_font.py [SOURCE_TTC]

Why a GBK subset of WenQuanYi Micro Hei:
- reportlab embeds only TrueType-outline (glyf) fonts; WQY Micro Hei is one, Noto/Source Han are CFF.
- GB2312 alone misses characters common in people's and company names (堃 喆 昇 …), which would
  render as boxes; GBK covers them at about twice the size.
- The full font (face 0 of the .ttc) holds ~49,500 glyphs; most are never needed for Jiangsu bulletins.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

DEFAULT_SOURCE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT_NUMBER = 0  # face 0 is "WenQuanYi Micro Hei"; face 1 is the Mono variant
OUTPUT = Path(__file__).with_name("wqy-microhei-gbk.ttf")

# Code points outside GBK that bulletins still use: ASCII, Latin-1 (°, ±, ×, NBSP), general
# punctuation (– — ‘ ’ “ ” … ‰), CJK symbols and punctuation, full-width and half-width forms.
EXTRA_RANGES = (
    (0x0020, 0x007E),
    (0x00A0, 0x00FF),
    (0x2000, 0x206F),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)


def gbk_code_points() -> set[int]:
    """Return every code point that Python's GBK codec maps a two-byte sequence to (21,791)."""
    points = set()
    trail_bytes = [*range(0x40, 0x7F), *range(0x80, 0xFF)]
    for lead in range(0x81, 0xFF):
        for trail in trail_bytes:
            try:
                points.add(ord(bytes((lead, trail)).decode("gbk")))
            except UnicodeDecodeError:
                continue  # unassigned or user-defined area
    return points


def wanted_code_points() -> set[int]:
    """Return GBK plus the extra ranges, as code points."""
    points = gbk_code_points()
    for first, last in EXTRA_RANGES:
        points.update(range(first, last + 1))
    return points


def build(source: Path, output: Path) -> set[int]:
    """Write the subset to output; return the GBK code points the source font lacks."""
    # recalcTimestamp=False keeps head.modified from the source, so rebuilding is byte-identical.
    font = TTFont(source, fontNumber=FONT_NUMBER, recalcTimestamp=False)
    available = set(font.getBestCmap())
    wanted = wanted_code_points()

    options = subset.Options()
    options.name_IDs = ["*"]  # keep copyright, licence (13/14) and the Chinese family names
    options.name_languages = ["*"]
    options.notdef_outline = True  # a missing character shows as a box instead of vanishing
    options.recalc_timestamp = False
    options.drop_tables += ["FFTM"]  # FontForge's timestamps; fontTools cannot subset it anyway
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted & available)
    subsetter.subset(font)
    font.save(output)
    return gbk_code_points() - available


def check(path: Path) -> None:
    """Raise if the file is not a TrueType-outline font that reportlab accepts."""
    from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont

    font = TTFont(path)
    if "glyf" not in font or "CFF " in font:
        raise SystemExit(f"{path} is not a TrueType-outline font")
    cmap = font.getBestCmap()
    missing = [ch for ch in "江苏省千企升级堃喆昇南京市1,234.5%（）：" if ord(ch) not in cmap]
    if missing:
        raise SystemExit(f"{path} lacks {''.join(missing)}")
    ReportlabTTFont("BuildCheck", str(path))


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    lacking = build(source, OUTPUT)
    check(OUTPUT)
    font = TTFont(OUTPUT)
    print(
        f"wrote {OUTPUT.name}: {OUTPUT.stat().st_size:,} bytes, {len(font.getGlyphOrder()):,} glyphs"
    )
    print(
        "GBK characters not in the source font:",
        " ".join(f"U+{cp:04X}" for cp in sorted(lacking)) or "none",
    )


if __name__ == "__main__":
    main(sys.argv)
