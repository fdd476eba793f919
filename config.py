"""Load and check `config.toml`: every key optional, every mistake one line naming the key.

The file is `--config`, else `$NEWSFEED_CONFIG`, else `./config.toml`; relative paths
resolve against the file's folder. The sections map one-to-one onto the frozen
dataclasses below, whose defaults are the documented defaults of the contract.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class ConfigError(Exception):
    """A mistake in the config file, worded for the person who wrote it."""


@dataclass(frozen=True)
class Site:
    title: str = "Newsfeed"
    base_url: str = "http://127.0.0.1:8080/"
    language: str = "en"
    timezone: str = "UTC"
    icon: Path | None = None  # an image served at /favicon.ico; None: the one shipped
    logo: str = ""  # URL of a larger image: Atom logo, RSS image, JSON Feed icon
    cover: str = ""  # URL of a wide cover image: Feedly's webfeeds:cover, in RSS
    accent_color: str = ""  # "2b6cb0": Feedly's webfeeds:accentColor, in RSS

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Server:
    host: str = "127.0.0.1"
    port: int = 8080
    cache_max_age: int = 300


@dataclass(frozen=True)
class Store:
    url: str = "sqlite:///var/newsfeed.db"
    pool_size: int = 5  # PostgreSQL connections kept open per process


@dataclass(frozen=True)
class Inbox:
    path: Path = Path("var/inbox")
    archive: Path = Path("var/archive")
    rejected: Path = Path("var/rejected")
    poll_seconds: float = 5
    max_bytes: int = 5_000_000
    strict_dates: bool = False  # refuse undated files instead of dating them by mtime
    folder_categories: bool = True  # a file in inbox/world/ gets the category "world"


@dataclass(frozen=True)
class Output:
    path: Path = Path("var/public")
    max_bytes: int = 10_000_000  # a rendered feed document larger than this is not published
    tombstone_days: int = 30  # how long Atom feeds tell of a story taken down (RFC 6721)


@dataclass(frozen=True)
class Feed:
    name: str = "news"
    title: str = "Newsfeed"
    description: str = ""
    limit: int = 50
    categories: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    ttl: int = 0  # minutes readers may wait between polls (RSS ttl); 0: server.cache_max_age
    content: str = "full"  # "summary": entries carry the summary and a link, not the text
    members_only: bool = False  # served only with a member's key; its stories nowhere public


@dataclass(frozen=True)
class WebSub:
    hub: str = ""


@dataclass(frozen=True)
class Api:
    tokens: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Desk:
    session_hours: float = 12  # a desk sign-in lasts this long, or until sign-out


@dataclass(frozen=True)
class Source:
    name: str = ""
    url: str = ""
    every_minutes: float = 30
    categories: list[str] = field(default_factory=list)
    max_bytes: int = 10_000_000  # larger responses are dropped while downloading
    timeout_seconds: float = 30  # connect and read timeout, and the limit of a whole fetch
    allow_private: bool = False  # allow loopback and private addresses (also via redirects)


@dataclass(frozen=True)
class Config:
    site: Site = field(default_factory=Site)
    server: Server = field(default_factory=Server)
    store: Store = field(default_factory=Store)
    inbox: Inbox = field(default_factory=Inbox)
    output: Output = field(default_factory=Output)
    feed: list[Feed] = field(default_factory=lambda: [Feed()])
    websub: WebSub = field(default_factory=WebSub)
    api: Api = field(default_factory=Api)
    desk: Desk = field(default_factory=Desk)
    source: list[Source] = field(default_factory=list)
    path: Path | None = None  # the file it was read from; None for the built-in defaults


def find_file(explicit: str | os.PathLike | None) -> Path | None:
    """The config file to read: the explicit one, `$NEWSFEED_CONFIG`, or `./config.toml`."""
    if explicit:
        return Path(explicit)
    if env := os.environ.get("NEWSFEED_CONFIG"):
        return Path(env)
    default = Path("config.toml")
    return default if default.exists() else None


def load(path: str | os.PathLike | None = None) -> Config:
    """Read, check and resolve a config file; `None` gives the defaults relative to `.`."""
    if path is None:
        return _resolve(Config(), Path.cwd())
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    try:
        config = dataclasses.replace(_build(Config, raw, ""), path=path.resolve())
        return _resolve(config, path.resolve().parent)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


FOLDER_KEYS = ("inbox.path", "inbox.archive", "inbox.rejected", "output.path", "store.url")


def check_folders(config: Config, keys: tuple[str, ...] = FOLDER_KEYS) -> None:
    """Make the folders the `keys` name (for `store.url`, a SQLite file's folder) and check
    that each can be read and written; else `ConfigError` naming the key, the path and why."""
    for key in keys:
        folder = _folder(config, key)
        if folder is not None and (why := _unusable(folder)):
            raise ConfigError(f"'{key}': {why}")


def _folder(config: Config, key: str) -> Path | None:
    if key == "store.url":
        prefix = "sqlite:///"
        rest = config.store.url.removeprefix(prefix)
        if not config.store.url.startswith(prefix) or rest in ("", ":memory:"):
            return None  # PostgreSQL, or a database in memory
        return Path(rest).parent
    section, name = key.split(".")
    return getattr(getattr(config, section), name)


def _unusable(folder: Path) -> str | None:
    """Why `folder` can't be made, read or written, or None."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return f"{folder} is a file, not a folder"
    except OSError as exc:
        return f"can't make the folder {folder}: {exc.strerror}"
    try:
        os.listdir(folder)
    except OSError as exc:
        return f"can't read the folder {folder}: {exc.strerror}"
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".newsfeed-check-"):
            pass
    except OSError as exc:
        return f"can't write in the folder {folder}: {exc.strerror}"
    return None


def _build(cls: type, raw: dict, where: str):
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)} - ({"path"} if cls is Config else set())
    values = {}
    for key, value in raw.items():
        name = f"{where}{key}"
        if key not in known:
            raise ConfigError(f"unknown key '{name}'")
        values[key] = _convert(hints[key], value, name)
    return cls(**values)


def _convert(hint, value, name: str):
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise ConfigError(f"'{name}' must be a table ([{name}])")
        return _build(hint, value, f"{name}.")
    if origin is list:
        (item,) = typing.get_args(hint)
        if dataclasses.is_dataclass(item):
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise ConfigError(f"'{name}' must be an array of tables ([[{name}]])")
            return [_build(item, v, f"{name}[{i}].") for i, v in enumerate(value)]
        if not isinstance(value, list) or not all(isinstance(v, item) for v in value):
            raise ConfigError(f"'{name}' must be a list of {item.__name__}s, got {value!r}")
        return list(value)
    if origin in (typing.Union, types.UnionType):
        hint = typing.get_args(hint)[0]
    if hint is Path:
        if not isinstance(value, str) or not value:
            raise ConfigError(f"'{name}' must be a path (a string), got {value!r}")
        return Path(value)
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, hint) or (isinstance(value, bool) and hint is not bool):
        raise ConfigError(f"'{name}' must be {_a(hint)}, got {value!r}")
    return value


def _a(hint) -> str:
    return {str: "a string", int: "a whole number", float: "a number", bool: "true or false"}.get(
        hint, hint.__name__
    )


def _resolve(config: Config, base: Path) -> Config:
    """Make paths absolute against the config's folder and check values that types can't."""
    inbox = config.inbox
    inbox = dataclasses.replace(
        inbox,
        path=base / inbox.path,
        archive=base / inbox.archive,
        rejected=base / inbox.rejected,
    )
    output = dataclasses.replace(config.output, path=base / config.output.path)
    store = config.store
    prefix = "sqlite:///"
    if store.url.startswith(prefix) and not store.url.startswith(prefix + "/"):
        rest = store.url[len(prefix) :]
        if rest and rest != ":memory:":
            store = Store(url=prefix + str(base / rest))
    site = config.site
    try:
        ZoneInfo(site.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"'site.timezone': unknown time zone {site.timezone!r}") from None
    if not site.base_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"'site.base_url' must start with http:// or https://, got {site.base_url!r}"
        )
    if not site.base_url.endswith("/"):
        site = dataclasses.replace(site, base_url=site.base_url + "/")
    accent = site.accent_color.removeprefix("#")
    if accent and not re.fullmatch(r"[0-9A-Fa-f]{6}", accent):
        raise ConfigError(f"'site.accent_color' must be a colour like \"2b6cb0\", "
                          f"got {site.accent_color!r}")
    site = dataclasses.replace(site, accent_color=accent)
    if site.icon is not None:
        site = dataclasses.replace(site, icon=base / site.icon)
        if not site.icon.is_file():
            raise ConfigError(f"'site.icon': no such file {str(site.icon)!r}")
    feeds = config.feed or [Feed()]
    names = [f.name for f in feeds]
    for name in names:
        if not name or not all(c.isalnum() or c in "-_" for c in name):
            raise ConfigError(f"'feed.name' {name!r} must be letters, digits, '-' or '_'")
        if names.count(name) > 1:
            raise ConfigError(f"'feed.name' {name!r} is used twice")
    for feed in feeds:
        if feed.limit < 1:
            raise ConfigError(f"'feed.limit' of feed {feed.name!r} must be at least 1")
        if feed.ttl < 0:
            raise ConfigError(f"'feed.ttl' of feed {feed.name!r} must be 0 or more minutes")
        if feed.content not in ("full", "summary"):
            raise ConfigError(f"'feed.content' of feed {feed.name!r} must be \"full\" or "
                              f"\"summary\", got {feed.content!r}")
    if config.output.tombstone_days < 0:
        raise ConfigError("'output.tombstone_days' must be 0 or more")
    if config.inbox.poll_seconds <= 0:
        raise ConfigError("'inbox.poll_seconds' must be more than 0")
    if any(not token.strip() for token in config.api.tokens):
        raise ConfigError("'api.tokens' must not hold an empty token")
    if config.desk.session_hours <= 0:
        raise ConfigError("'desk.session_hours' must be more than 0")
    source_names = [s.name for s in config.source]
    for source in config.source:
        if not source.name or not all(c.isalnum() or c in "-_" for c in source.name):
            raise ConfigError(f"'source.name' {source.name!r} must be letters, digits, '-' or '_'")
        if source_names.count(source.name) > 1:
            raise ConfigError(f"'source.name' {source.name!r} is used twice")
        if not source.url.startswith(("http://", "https://")):
            raise ConfigError(f"'source.url' of source {source.name!r} must start with http:// "
                              f"or https://, got {source.url!r}")
        for key in ("every_minutes", "max_bytes", "timeout_seconds"):
            if getattr(source, key) <= 0:
                raise ConfigError(f"'source.{key}' of source {source.name!r} must be more than 0")
    return dataclasses.replace(
        config, inbox=inbox, output=output, store=store, site=site, feed=feeds
    )
