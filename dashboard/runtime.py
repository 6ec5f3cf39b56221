"""Per-process state held on the Flask app: config, engine, session factory and caches.

Created by the app factory, looked up through ``current_app``; nothing module-global, so gunicorn
workers share nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from dashboard.progress_cache import ProgressCache
from dashboard.settings import Config
from data_model.db import make_engine, session_factory

EXTENSION = "qianqi"


@dataclass
class Runtime:
    config: Config
    engine: Engine
    sessions: sessionmaker[Session]
    progress_cache: ProgressCache = field(default_factory=ProgressCache)


def install(server: Flask, config: Config) -> Runtime:
    engine = make_engine(config.database_url)
    runtime = Runtime(config, engine, session_factory(engine))
    server.extensions[EXTENSION] = runtime
    return runtime


def runtime() -> Runtime:
    return current_app.extensions[EXTENSION]
