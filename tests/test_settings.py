"""Every setting is documented in the README, and read from the environment."""

from tests_paths import PROJECT_DIR

from dashboard.settings import SETTINGS, Config


def test_readme_documents_every_setting():
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in readme]
    assert missing == []


def test_config_from_environment():
    config = Config.from_env(
        {"DATABASE_URL": "sqlite:///x.db", "DEMO_MODE": "1", "MAX_UPLOAD_MB": "2.5"}
    )
    assert (config.database_url, config.demo_mode, config.max_upload_mb) == (
        "sqlite:///x.db",
        True,
        2.5,
    )
    assert len(config.secret_key) == 64
    assert Config.from_env({}).demo_mode is False


def test_without_a_secret_key_every_worker_shares_one_kept_in_the_instance_folder(tmp_path):
    from dashboard.settings import instance_secret_key

    path = tmp_path / "instance" / "secret_key"
    first = instance_secret_key(path)
    assert (len(first), instance_secret_key(path)) == (64, first)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
