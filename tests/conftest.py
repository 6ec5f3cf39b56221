"""Shared fixtures: a seeded database on SQLite and on a real PostgreSQL server, built once and
copied per test, and an app wired to it.

``TEST_DATABASES`` (default ``sqlite,postgresql``) chooses the backends every database test runs on.
"""

from __future__ import annotations

import itertools
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from data_model import catalog, migrate
from data_model.db import make_engine, session_factory, write_session
from data_model.plan_catalog import DEFAULT_PLAN_CODE

BACKENDS = [b for b in os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",") if b]
DATA_DIR = Path(__file__).parent / "data"
_counter = itertools.count()


@dataclass
class Database:
    backend: str
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    plan_code: str = DEFAULT_PLAN_CODE


def _prepare(url: str, demo: bool) -> None:
    engine = make_engine(url)
    migrate.upgrade(engine)
    sessions = session_factory(engine)
    with write_session(sessions) as session:
        catalog.sync_reference_data(session, "tests")
    if demo:
        from etl.demo_seed import seed_demo

        seed_demo(sessions, DEFAULT_PLAN_CODE)
    engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """Hash test passwords with a cheap pbkdf2 (scrypt costs ~0.1-1 s per hash on a busy machine)."""
    from data_model import accounts

    accounts.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    yield


@pytest.fixture(scope="session")
def postgres_server():
    from pgserver import PostgresServer

    server = PostgresServer().start()
    yield server
    server.stop()


class Templates:
    """Builds each template database once per backend, then clones it per test."""

    def __init__(self, request, tmp_root: Path):
        self.request = request
        self.tmp_root = tmp_root
        self.built: dict[tuple[str, bool], str] = {}

    def clone(self, backend: str, demo: bool) -> str:
        key = (backend, demo)
        name = f"template_{'demo' if demo else 'empty'}"
        if backend == "sqlite":
            template = self.tmp_root / f"{name}.db"
            if key not in self.built:
                _prepare(f"sqlite:///{template}", demo)
                self.built[key] = str(template)
            copy = self.tmp_root / f"test_{next(_counter)}.db"
            shutil.copy(template, copy)
            return f"sqlite:///{copy}"
        server = self.request.getfixturevalue("postgres_server")
        if key not in self.built:
            server.execute(f"CREATE DATABASE {name}")
            _prepare(server.url(name), demo)
            self.built[key] = name
        database = f"test_{next(_counter)}"
        server.execute(f"CREATE DATABASE {database} TEMPLATE {name}")
        return server.url(database)


@pytest.fixture(scope="session")
def templates(request, tmp_path_factory):
    return Templates(request, tmp_path_factory.mktemp("databases"))


def _database(templates, backend: str, demo: bool):
    url = templates.clone(backend, demo)
    engine = make_engine(url)
    yield Database(backend, url, engine, session_factory(engine))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db(request, templates):
    """A migrated database with the plan and regions, and no figures."""
    yield from _database(templates, request.param, demo=False)


@pytest.fixture(params=BACKENDS)
def demo_db(request, templates):
    """A database seeded with the demo targets and 12 quarters of demo submissions."""
    yield from _database(templates, request.param, demo=True)


@pytest.fixture
def make_app():
    """Return a function building the Dash app on a given database (and extra settings)."""
    from dashboard import create_app
    from dashboard.settings import Config

    def build(database: Database, **env):
        settings = {"DATABASE_URL": database.url, "SECRET_KEY": "test-secret", **env}
        return create_app(Config.from_env(settings))

    return build


@pytest.fixture
def cli(make_app, db):
    """Invoke a flask CLI command on the empty database: ``cli("load", path)``."""
    app = make_app(db)
    runner = app.server.test_cli_runner()
    return lambda *args, **kw: runner.invoke(args=list(args), **kw)


pytest_plugins = ["browser_support"]
