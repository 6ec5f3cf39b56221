"""HTTP serving concerns: compression and cache headers for static assets."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_compress import Compress

# Files whose URL changes when their content does (Dash adds ?m=<mtime> to assets and a version
# to component suites) can be cached for a year; anything else under /assets for an hour.
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=3600"
COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/geo+json",
    "image/svg+xml",
]


def install(server: Flask) -> None:
    """Configure response compression and caching on ``server``."""
    server.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    server.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    server.config.setdefault("COMPRESS_MIN_SIZE", 500)
    # Brotli level 11 costs seconds on plotly.js; 5 is nearly as small and fast enough per request.
    server.config.setdefault("COMPRESS_BR_LEVEL", 5)
    Compress(server)
    server.after_request(cache_headers)
    from dashboard.downloads import register

    register(server)


def cache_headers(response: Response) -> Response:
    """Return ``response`` with Cache-Control set for static files."""
    path = request.path
    if response.status_code != 200:
        return response
    if path.startswith("/_dash-component-suites/"):
        response.headers["Cache-Control"] = IMMUTABLE
    elif path.startswith("/assets/"):
        response.headers["Cache-Control"] = IMMUTABLE if request.args.get("m") else SHORT
    else:
        return response
    # Static files are streamed from disk, and Flask-Compress does not gzip streams; read them
    # into the response so every client gets them compressed (this runs before its hook).
    response.direct_passthrough = False
    response.set_data(response.get_data())
    return response
