"""The web application: Dash pages on a Flask server, plus the admin CLI."""

from __future__ import annotations

import dash
from flask import Flask

from dashboard import runtime
from dashboard.settings import PROJECT_DIR, Config


def create_app(config: Config | None = None) -> dash.Dash:
    """Return the Dash app; its Flask server is ``app.server``."""
    config = config or Config.from_env()
    server = Flask(__name__, instance_path=str(PROJECT_DIR / "instance"))
    server.config.update(
        SECRET_KEY=config.secret_key,
        # Dash sends uploads base64-encoded (4/3 larger); the exact limit is checked on the decoded file.
        MAX_CONTENT_LENGTH=int(config.max_upload_mb * 1024 * 1024 * 4 / 3) + 256 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.session_cookie_secure,
    )
    runtime.install(server, config)
    from dashboard import cli, errors, preferences, report_downloads, serving
    from dashboard.exports import enterprise_lists

    serving.install(server)
    errors.install(server)
    preferences.install(server)
    enterprise_lists.install(server)
    cli.register(server)
    server.register_blueprint(report_downloads.blueprint)
    app = dash.Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(PROJECT_DIR / "dashboard" / "pages"),
        assets_folder=str(PROJECT_DIR / "assets"),
        title="千企升级进展监测平台",
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    from dashboard import auth, shell

    app.layout = shell.layout
    auth.install(server, app)
    return app
