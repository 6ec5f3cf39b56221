"""The pages must work with no internet access: nothing in assets/ may fetch from elsewhere."""

import re
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
CSS_FILES = sorted(ASSETS.rglob("*.css"))
JS_FILES = sorted(ASSETS.rglob("*.js"))

CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.DOTALL)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)""")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def _is_local(reference: str) -> bool:
    """Return True for a data: URI or a path on this server."""
    reference = reference.strip()
    if reference.lower().startswith("data:"):
        return True
    return not SCHEME.match(reference) and not reference.startswith("//")


def _css_without_comments(path: Path) -> str:
    return CSS_COMMENT.sub("", path.read_text(encoding="utf-8"))


def test_assets_include_bootstrap_and_typography_css():
    names = {path.relative_to(ASSETS).as_posix() for path in CSS_FILES}
    assert {"vendor/bootstrap.min.css", "typography.css"} <= names


def test_css_urls_are_local():
    remote = [
        (path.name, match.group(2)[:80])
        for path in CSS_FILES
        for match in CSS_URL.finditer(_css_without_comments(path))
        if not _is_local(match.group(2))
    ]
    assert remote == []


def test_css_imports_are_local():
    remote = [
        (path.name, target)
        for path in CSS_FILES
        for target in CSS_IMPORT.findall(_css_without_comments(path))
        if not _is_local(target)
    ]
    assert remote == []


def test_js_has_no_absolute_urls():
    remote = [
        path.name
        for path in JS_FILES
        if re.search(r"https?://", path.read_text(encoding="utf-8"), re.IGNORECASE)
    ]
    assert remote == []


def test_no_source_map_references():
    # A sourceMappingURL makes browser dev tools request a .map file that is not shipped.
    referencing = [
        path.name
        for path in CSS_FILES + JS_FILES
        if "sourceMappingURL" in path.read_text(encoding="utf-8")
    ]
    assert referencing == []
