"""bot/config.py: Settings.from_env on an injected mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_DATABASE_URL, ConfigError, Settings


def test_defaults_without_slack_tokens() -> None:
    settings = Settings.from_env({})
    assert settings.slack_bot_token is None
    assert settings.port == 3000
    assert settings.slack_api_url is None
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.glossary_path.name == "glossary.yaml"


def test_reads_every_setting() -> None:
    settings = Settings.from_env({
        "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_APP_TOKEN": "xapp-1", "PORT": "8080",
        "CSTERM_GLOSSARY": "/tmp/g.yaml", "SLACK_API_URL": "http://127.0.0.1:9/api",
        "DATABASE_URL": "postgres://u:p@h:5432/db",
    })
    assert (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token) == (
        "xoxb-1", "s", "xapp-1")
    assert settings.port == 8080
    assert settings.glossary_path == Path("/tmp/g.yaml")
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.database_url == "postgresql+asyncpg://u:p@h:5432/db"


def test_database_url_variants() -> None:
    assert Settings.from_env({"DATABASE_URL": "postgresql://h/db"}).database_url == "postgresql+asyncpg://h/db"
    assert Settings.from_env({"CSTERM_DB_PATH": "/tmp/x.db"}).database_url == "sqlite+aiosqlite:////tmp/x.db"


@pytest.mark.parametrize(("environ", "named"), [
    ({"PORT": "http"}, "PORT"),
    ({"PORT": "70000"}, "PORT"),
    ({"SLACK_API_URL": "slack.test/api"}, "SLACK_API_URL"),
    ({"SLACK_BOT_TOKEN": "xapp-wrong-kind"}, "SLACK_BOT_TOKEN"),
    ({"SLACK_APP_TOKEN": "xoxb-wrong-kind"}, "SLACK_APP_TOKEN"),
    ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
    ({"CSTERM_ADMINS": "U0123ABCD,@ana"}, "CSTERM_ADMINS"),
])
def test_malformed_settings_are_named(environ: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=f"^{named} is malformed"):
        Settings.from_env(environ)


def test_require_names_the_first_missing_setting() -> None:
    settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "  "})
    settings.require("SLACK_BOT_TOKEN")
    with pytest.raises(ConfigError, match=r"^SLACK_SIGNING_SECRET is not set: .*Signing Secret"):
        settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN")


def test_csterm_admins_is_a_comma_separated_list_of_user_ids() -> None:
    assert Settings.from_env({"CSTERM_ADMINS": " U0123ABCD, W0456EFGH ,"}).admins == {"U0123ABCD", "W0456EFGH"}
    assert Settings.from_env({}).admins == frozenset()


def test_oauth_mode_reads_the_client_credentials() -> None:
    settings = Settings.from_env({"SLACK_CLIENT_ID": "123.456", "SLACK_CLIENT_SECRET": "abc", "SLACK_SIGNING_SECRET": "s"})
    assert settings.oauth and (settings.slack_client_id, settings.slack_client_secret) == ("123.456", "abc")
    assert not Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1"}).oauth


@pytest.mark.parametrize(("environ", "message"), [
    ({"SLACK_CLIENT_ID": "123.456"}, "^SLACK_CLIENT_SECRET is not set: OAuth installs need both"),
    ({"SLACK_CLIENT_SECRET": "abc"}, "^SLACK_CLIENT_ID is not set: OAuth installs need both"),
    ({"SLACK_CLIENT_ID": "my-app", "SLACK_CLIENT_SECRET": "abc"}, "^SLACK_CLIENT_ID is malformed"),
    ({"SLACK_CLIENT_ID": "123.456", "SLACK_CLIENT_SECRET": "abc", "SLACK_BOT_TOKEN": "xoxb-1"},
     "^SLACK_BOT_TOKEN is set beside SLACK_CLIENT_ID"),
])
def test_oauth_settings_are_both_or_neither_and_well_formed(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message) as raised:
        Settings.from_env(environ)
    assert "\n" not in str(raised.value) and "abc" not in str(raised.value)


@pytest.mark.parametrize("raw", ["²", "0", "1001", "3.5", "٣", "9" * 5000])
def test_learn_after_must_be_an_ascii_number_from_1_to_1000(raw: str) -> None:
    with pytest.raises(ConfigError, match=r"^CSTERM_LEARN_AFTER is malformed"):
        Settings.from_env({"CSTERM_LEARN_AFTER": raw})
    assert Settings.from_env({"CSTERM_LEARN_AFTER": " 7 "}).learn_after == 7


@pytest.mark.parametrize("raw", ["²", "-1", "100001", "3.5", "٣", "9" * 5000, "lots"])
def test_answer_memory_must_be_an_ascii_number_up_to_100000(raw: str) -> None:
    with pytest.raises(ConfigError, match=r"^CSTERM_ANSWER_MEMORY is malformed"):
        Settings.from_env({"CSTERM_ANSWER_MEMORY": raw})
    assert Settings.from_env({"CSTERM_ANSWER_MEMORY": " 0 "}).answer_memory == 0
    assert Settings.from_env({}).answer_memory == 1024
