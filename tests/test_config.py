"""The config file: every key optional with the contract's default, relative paths against the
file's folder, and each mistake one line naming the key, exit status 2 from the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import config

NEWSFEED = Path(sys.executable).with_name("newsfeed")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def newsfeed(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k != "NEWSFEED_CONFIG"}
    return subprocess.run(
        [str(NEWSFEED), *args],
        cwd=cwd,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


# -- defaults and paths ----------------------------------------------------------------------


def test_an_empty_file_gives_every_documented_default(tmp_path):
    cfg = config.load(write(tmp_path / "site" / "config.toml", ""))
    base = tmp_path / "site"
    assert cfg.path == base / "config.toml"
    assert cfg.site.title == "Newsfeed"
    assert cfg.site.base_url == "http://127.0.0.1:8080/"
    assert cfg.site.language == "en"
    assert cfg.site.timezone == "UTC"
    assert cfg.server.host == "127.0.0.1"
    assert cfg.server.port == 8080
    assert cfg.server.cache_max_age == 300
    assert cfg.store.url == f"sqlite:///{base}/var/newsfeed.db"
    assert cfg.inbox.path == base / "var/inbox"
    assert cfg.inbox.archive == base / "var/archive"
    assert cfg.inbox.rejected == base / "var/rejected"
    assert cfg.inbox.poll_seconds == 5
    assert cfg.inbox.max_bytes == 5_000_000
    assert cfg.output.path == base / "var/public"
    assert len(cfg.feed) == 1
    (feed,) = cfg.feed
    assert (feed.name, feed.title, feed.description, feed.limit) == ("news", "Newsfeed", "", 50)
    assert (feed.categories, feed.sources, feed.authors) == ([], [], [])
    assert cfg.websub.hub == ""
    assert cfg.api.tokens == []
    assert cfg.desk.session_hours == 12
    assert cfg.source == []


def test_a_missing_key_keeps_its_default_beside_the_given_ones(tmp_path):
    cfg = config.load(
        write(
            tmp_path / "config.toml",
            '[server]\nport = 9000\n\n[site]\ntitle = "Wire"\n\n[inbox]\npoll_seconds = 2\n',
        )
    )
    assert cfg.server.port == 9000
    assert cfg.server.host == "127.0.0.1"
    assert cfg.server.cache_max_age == 300
    assert cfg.site.title == "Wire"
    assert cfg.site.base_url == "http://127.0.0.1:8080/"
    assert cfg.inbox.poll_seconds == 2.0
    assert isinstance(cfg.inbox.poll_seconds, float)
    assert cfg.inbox.max_bytes == 5_000_000


def test_a_feed_table_with_only_a_name_takes_the_other_defaults(tmp_path):
    cfg = config.load(
        write(tmp_path / "config.toml", '[[feed]]\nname = "world"\ncategories = ["world"]\n')
    )
    (feed,) = cfg.feed
    assert (feed.name, feed.title, feed.limit, feed.categories) == (
        "world", "Newsfeed", 50, ["world"]
    )


def test_relative_paths_resolve_against_the_config_files_folder(tmp_path, monkeypatch):
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    base = tmp_path / "etc" / "newsfeed"
    cfg = config.load(
        write(
            base / "config.toml",
            '[store]\nurl = "sqlite:///data/store.db"\n\n'
            '[inbox]\npath = "drop"\narchive = "old/archive"\nrejected = "/abs/rejected"\n\n'
            '[output]\npath = "../public"\n',
        )
    )
    assert cfg.store.url == f"sqlite:///{base}/data/store.db"
    assert cfg.inbox.path == base / "drop"
    assert cfg.inbox.archive == base / "old" / "archive"
    assert cfg.inbox.rejected == Path("/abs/rejected")
    assert cfg.output.path.resolve() == tmp_path / "etc" / "public"


def test_absolute_and_memory_sqlite_urls_are_left_alone(tmp_path):
    for url in ("sqlite:////srv/newsfeed.db", "sqlite:///:memory:",
                "postgresql+psycopg://news@localhost/news"):
        cfg = config.load(write(tmp_path / "config.toml", f'[store]\nurl = "{url}"\n'))
        assert cfg.store.url == url


def test_base_url_gets_its_trailing_slash(tmp_path):
    cfg = config.load(
        write(tmp_path / "config.toml", '[site]\nbase_url = "https://news.example.org/wire"\n')
    )
    assert cfg.site.base_url == "https://news.example.org/wire/"


# -- mistakes: one line naming the key, exit status 2 ----------------------------------------

def case(id: str, text: str, message: str):
    return pytest.param(text, message, id=id)


MISTAKES = [
    case("site.titel", '[site]\ntitel = "x"\n', "unknown key 'site.titel'"),
    case("port-string", '[server]\nport = "80"\n',
         "'server.port' must be a whole number, got '80'"),
    case("port-float", "[server]\nport = 80.5\n", "'server.port' must be a whole number, got 80.5"),
    case("poll-string", '[inbox]\npoll_seconds = "5"\n',
         "'inbox.poll_seconds' must be a number, got '5'"),
    case("sever", "[sever]\nport = 80\n", "unknown key 'sever'"),
    case("feed-limt", '[[feed]]\nname = "news"\nlimt = 5\n', "unknown key 'feed[0].limt'"),
    case("site-not-table", 'site = "Newsfeed"\n', "'site' must be a table ([site])"),
    case("feed-not-array", '[feed]\nname = "news"\n',
         "'feed' must be an array of tables ([[feed]])"),
    case("timezone", '[site]\ntimezone = "Mars/Olympus"\n',
         "'site.timezone': unknown time zone 'Mars/Olympus'"),
    case("poll-zero", "[inbox]\npoll_seconds = 0\n", "'inbox.poll_seconds' must be more than 0"),
    case("session-zero", "[desk]\nsession_hours = 0\n",
         "'desk.session_hours' must be more than 0"),
    case("session-text", '[desk]\nsession_hours = "12"\n',
         "'desk.session_hours' must be a number, got '12'"),
    case("base-url", '[site]\nbase_url = "news.example.org"\n',
         "'site.base_url' must start with http:// or https://, got 'news.example.org'"),
]


@pytest.mark.parametrize(("text", "message"), MISTAKES)
def test_a_mistake_is_one_line_naming_the_key(tmp_path, text, message):
    path = write(tmp_path / "config.toml", text)
    with pytest.raises(config.ConfigError) as caught:
        config.load(path)
    assert str(caught.value) == f"{path}: {message}"


@pytest.mark.parametrize(("text", "message"), MISTAKES[:2])
@pytest.mark.parametrize("command", ["build", "ingest", "run"])
@pytest.mark.slow
def test_the_cli_prints_the_one_line_and_exits_2(tmp_path, text, message, command):
    path = write(tmp_path / "config.toml", text)
    args = [command, "--config", str(path)]
    if command == "ingest":
        args.append(str(tmp_path))
    result = newsfeed(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"newsfeed: {path}: {message}\n"
    assert result.stdout == ""
    assert not (tmp_path / "var").exists()  # it stopped before touching anything


@pytest.mark.slow
def test_invalid_toml_is_one_line_and_exit_2(tmp_path):
    path = write(tmp_path / "config.toml", "[site\ntitle = 1\n")
    result = newsfeed("build", "--config", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"newsfeed: {path}: not valid TOML: ")
    assert result.stderr.count("\n") == 1


@pytest.mark.slow
def test_a_missing_config_file_is_an_error_not_the_defaults(tmp_path):
    result = newsfeed("build", "--config", "nope.toml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "newsfeed: nope.toml: no such config file\n"


# -- which file: --config, else $NEWSFEED_CONFIG, else ./config.toml --------------------------


@pytest.mark.slow
def test_newsfeed_config_is_honoured_and_paths_resolve_against_its_folder(tmp_path):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    path = write(tmp_path / "etc" / "newsfeed.toml", '[output]\npath = "public"\n')
    result = newsfeed("build", cwd=cwd, env={"NEWSFEED_CONFIG": str(path)})
    assert result.returncode == 0, result.stderr
    out = tmp_path / "etc" / "public"
    assert result.stdout == f"wrote 1 feed(s) to {out}\n"
    assert (out / "feeds" / "news.atom").is_file()
    assert (tmp_path / "etc" / "var" / "newsfeed.db").is_file()
    assert list(cwd.iterdir()) == []  # nothing written relative to the working directory


@pytest.mark.slow
def test_config_option_wins_over_the_environment(tmp_path):
    bad = write(tmp_path / "bad.toml", '[site]\ntitel = "x"\n')
    good = write(tmp_path / "good" / "config.toml", "")
    result = newsfeed("build", "--config", str(good), cwd=tmp_path,
                      env={"NEWSFEED_CONFIG": str(bad)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "good" / "var" / "public" / "feeds" / "news.rss").is_file()


@pytest.mark.slow
def test_the_environment_wins_over_the_working_directorys_file(tmp_path):
    write(tmp_path / "config.toml", '[site]\ntitel = "x"\n')
    good = write(tmp_path / "good" / "config.toml", "")
    result = newsfeed("build", cwd=tmp_path, env={"NEWSFEED_CONFIG": str(good)})
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_without_option_or_environment_the_working_directorys_file_is_read(tmp_path):
    write(tmp_path / "config.toml", '[server]\nport = "80"\n')
    result = newsfeed("build", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "newsfeed: config.toml: 'server.port' must be a whole number, got '80'\n"
    )


@pytest.mark.slow
def test_a_relative_config_option_resolves_paths_against_its_folder(tmp_path):
    write(tmp_path / "sub" / "config.toml", "")
    result = newsfeed("build", "--config", "sub/config.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "sub" / "var" / "public" / "feeds" / "news.json").is_file()
    assert not (tmp_path / "var").exists()
