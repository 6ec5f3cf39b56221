"""The CJK font that PDF exports register with reportlab and embed."""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_PATH = Path(__file__).resolve().parent.parent / "assets" / "fonts" / "wqy-microhei-gbk.ttf"

# reportlab keeps one process-wide registry and silently merges fonts that share a name,
# so the name is specific to this file rather than a generic "WenQuanYi".
FONT_NAME = "QianqiWQYMicroHeiGBK"

_register_lock = threading.Lock()


def register_cjk_font() -> str:
    """Return the reportlab font name for Chinese text, registering the font on first call.

    Safe to call many times and from several threads; only the first call reads the file.
    The font has one weight, so <b> and <i> in Paragraph markup map to the same face
    instead of failing to find a bold variant.
    """
    if _is_registered():
        return FONT_NAME
    with _register_lock:
        if not _is_registered():
            if not FONT_PATH.is_file():
                raise FileNotFoundError(f"CJK font for PDFs is missing: {FONT_PATH}")
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_PATH)))
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(FONT_NAME, bold, italic, FONT_NAME)
    return FONT_NAME


def _is_registered() -> bool:
    return FONT_NAME in pdfmetrics.getRegisteredFontNames()
