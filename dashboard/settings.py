"""Configuration, from the environment only. Each setting is declared once, with its help text;
the README's configuration table lists them all (a test checks it)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, fields
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS = (
    Setting(
        "DATABASE_URL",
        f"sqlite:///{PROJECT_DIR / 'instance' / 'qianqi.db'}",
        "SQLAlchemy database URL (SQLite file under instance/ by default; postgresql+psycopg://… for PostgreSQL).",
    ),
    Setting(
        "SECRET_KEY",
        "",
        "Key that signs session cookies. Set it in production; without it a random key is kept in instance/secret_key.",
    ),
    Setting(
        "PLAN_CODE",
        "qianqi-2020-2022",
        "Code of the plan the dashboard shows (several plans can live in one database).",
    ),
    Setting(
        "DEMO_MODE",
        "0",
        "1 to enable demo conveniences (demo marker, demo logins). `make run` sets it.",
    ),
    Setting(
        "SUBMISSION_DEADLINE_DAYS",
        "15",
        "Days after a quarter's end by which figures count as on time.",
    ),
    Setting("MAX_UPLOAD_MB", "5", "Largest accepted upload, in megabytes."),
    Setting(
        "MAP_GEOJSON",
        "",
        "Path to a GeoJSON of the 13 cities replacing the bundled schematic map (features need properties.adcode or id).",
    ),
    Setting(
        "SESSION_COOKIE_SECURE",
        "0",
        "1 when served over HTTPS, so session cookies are sent over HTTPS only.",
    ),
)


SECRET_KEY_FILE = PROJECT_DIR / "instance" / "secret_key"


def instance_secret_key(path: Path = SECRET_KEY_FILE) -> str:
    """Return the key kept in ``instance/secret_key``, creating it (mode 0600) the first time.

    Every gunicorn worker builds its own app; a key made up per process would make one worker
    reject the sessions (and CSRF tokens) another worker issued.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f"{path.name}.{os.getpid()}")
        draft.write_text(secrets.token_hex(32))
        draft.chmod(0o600)
        try:
            os.link(draft, path)  # atomic: of two workers starting together, one key wins
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


@dataclass(frozen=True)
class Config:
    database_url: str
    secret_key: str
    plan_code: str
    demo_mode: bool
    submission_deadline_days: int
    max_upload_mb: float
    map_geojson: str
    session_cookie_secure: bool

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Config:
        env = dict(os.environ if env is None else env)
        value = {s.name: env.get(s.name, s.default) for s in SETTINGS}
        return cls(
            database_url=value["DATABASE_URL"],
            secret_key=value["SECRET_KEY"] or instance_secret_key(),
            plan_code=value["PLAN_CODE"],
            demo_mode=value["DEMO_MODE"] == "1",
            submission_deadline_days=int(value["SUBMISSION_DEADLINE_DAYS"]),
            max_upload_mb=float(value["MAX_UPLOAD_MB"]),
            map_geojson=value["MAP_GEOJSON"],
            session_cookie_secure=value["SESSION_COOKIE_SECURE"] == "1",
        )


assert len(fields(Config)) == len(SETTINGS)
