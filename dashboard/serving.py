"""HTTP serving concerns: compression and cache headers for static assets."""

from __future__ import annotations

from flask import Flask


def install(server: Flask) -> None:
    """Configure response compression and caching on ``server``."""
