"""The parsed, validated glossary and its built matcher, kept on disk so a large glossary starts in a second.

Parsing YAML and building the indexes cost 3 s for a 20,000-entry glossary and 21 s for 100,000 (mostly PyYAML and
the garbage collector walking millions of new objects); loading the same objects back takes a fraction of that.

The cache is keyed by a hash of every input, never trusted otherwise:
- the bytes of every file the load reads (the glossary's layers, vocabulary.yaml beside it): any edit is a new key;
- csterm's version and a hash of the source of the modules that parse, validate and index it (bot/glossary,
  bot/search, bot/text, bot/formulas.py), the Python version, PyYAML's version and whether its libyaml parser is
  used: a cache written by another csterm (or another Python or PyYAML) is never read.
Only a glossary that passed validation is written, and `csterm check` never reads the cache.

Trust model. The files are Python pickles, and loading a pickle runs code, so the cache must be exactly as
trusted as csterm's own code: it lives in a directory of the user running csterm ($CSTERM_CACHE_DIR, else
$XDG_CACHE_HOME/csterm, else ~/.cache/csterm), created with mode 0700, files written 0600 and atomically. A
directory or file that another user owns, or that others may write to, is not read (one log line) and not
written. A file that is corrupt, truncated, unreadable or not a Matcher is ignored with one log line and
replaced by a fresh build. A write also removes our own `.tmp-` files (tempfile's names) over an hour old, left
by a process killed while writing. Nothing else ever reads or writes these files.

The garbage collector is paused while the objects are built or loaded (they are all long-lived: collecting
them is wasted work, ~28 % of a 100,000-entry build); `freeze()` then moves them out of its sight for good.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import pickle
import re
import stat
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path

import yaml

from bot.glossary import yaml_lines
from bot.glossary.load import LAYER_SEPARATOR, load_glossary
from bot.search.matcher import Matcher
from bot.text.vocabulary import vocabulary_path

logger = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parents[1]  # bot/
SOURCES = ("glossary", "search", "text")  # what decides the parsed glossary and the built matcher
MODULES = ("formulas.py",)  # single modules that do too (validation evaluates every formula)
KEPT = 4  # compiled glossaries kept per cache directory (several glossaries, or an edit in progress)
PREFIX = "matcher-"
TEMPORARY_PREFIX = ".tmp-"
# What tempfile.mkstemp(prefix=TEMPORARY_PREFIX) names: eight characters of its alphabet, no suffix.
TEMPORARY_NAME = re.compile(re.escape(TEMPORARY_PREFIX) + r"[a-z0-9_]{8}")
STALE_TEMPORARY_SECONDS = 3600  # a .tmp this old was left by a process killed while writing: removed


def cache_dir(environ: Mapping[str, str]) -> Path:
    """$CSTERM_CACHE_DIR, else $XDG_CACHE_HOME/csterm, else ~/.cache/csterm."""
    explicit = environ.get("CSTERM_CACHE_DIR", "").strip()
    if explicit:
        return Path(explicit)
    xdg = environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "csterm"


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No garbage collection while long-lived objects are made (re-enabled after, if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _version() -> str:
    try:
        return metadata.version("csterm")
    except metadata.PackageNotFoundError:
        return "unknown"


def code_fingerprint() -> str:
    """A hash of csterm's version, Python's, PyYAML's and its parser (libyaml or not), and the source of every
    module that parses, validates or indexes a glossary."""
    digest = hashlib.sha256(f"{_version()}|{sys.version}|PyYAML {yaml.__version__}|{yaml_lines.PARSER}".encode())
    sources = [source for package in SOURCES for source in sorted((PACKAGE / package).glob("*.py"))]
    for source in [*sources, *(PACKAGE / module for module in MODULES)]:
        digest.update(str(source.relative_to(PACKAGE)).encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()


def input_files(path: Path) -> list[Path]:
    """Every file loading the glossary at `path` reads: its layers (`shipped.yaml:ours.yaml`) and the
    vocabulary.yaml beside the first."""
    layers = [Path(part) for part in str(path).split(LAYER_SEPARATOR) if part] or [path]
    return [*layers, vocabulary_path(layers[0])]


def cache_key(path: Path) -> str:
    """The key of the glossary at `path` as this csterm would load it; raises OSError if an input is unreadable."""
    # The file it resolves to and the spelling asked for: the pickled Glossary.path keeps that spelling, which a
    # load from another working directory (same resolved file, other spelling) must not get back.
    digest = hashlib.sha256(code_fingerprint().encode() + str(path.resolve()).encode() + b"\0" + str(path).encode())
    for source in input_files(path):
        data = source.read_bytes() if source.exists() else b"<absent>"
        digest.update(str(len(data)).encode() + b"\0" + data)
    return digest.hexdigest()[:40]


def _private(path: Path, *, directory: bool) -> bool:
    """Owned by us and writable by nobody else (what makes a pickle as trusted as our own code)."""
    info = path.stat()
    kind_ok = stat.S_ISDIR(info.st_mode) if directory else stat.S_ISREG(info.st_mode)
    return kind_ok and info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(file: Path) -> Matcher | None:
    if not file.exists():
        return None
    try:
        if not (_private(file.parent, directory=True) and _private(file, directory=False)):
            logger.warning("ignored the compiled glossary %s: not private to this user", file)
            return None
        with gc_paused(), file.open("rb") as stream:
            matcher = pickle.load(stream)  # trusted: see the module's docstring
    except Exception as error:
        logger.warning("ignored the compiled glossary %s: %s", file, str(error).splitlines()[0][:120] if str(error)
                       else type(error).__name__)
        return None
    if not isinstance(matcher, Matcher):
        logger.warning("ignored the compiled glossary %s: not a matcher", file)
        return None
    return matcher


def _write(directory: Path, file: Path, matcher: Matcher) -> None:
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(directory, directory=True):
            logger.warning("not caching the compiled glossary: %s is not private to this user", directory)
            return
        handle, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, dir=directory)  # mode 0600
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(matcher, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, file)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(directory, keep=file)
    except Exception as error:
        logger.warning("could not cache the compiled glossary in %s: %s", directory, str(error)[:120])


def _prune(directory: Path, keep: Path) -> None:
    """Keep the KEPT most recently used compiled glossaries; remove our temporary files an hour old (orphans of a
    process killed between writing one and renaming it)."""
    files = sorted(directory.glob(f"{PREFIX}*.pickle"), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in [f for f in files if f != keep][KEPT - 1:]:
        with contextlib.suppress(OSError):
            old.unlink()
    stale_before = time.time() - STALE_TEMPORARY_SECONDS
    for temporary in directory.glob(f"{TEMPORARY_PREFIX}*"):
        with contextlib.suppress(OSError):
            if (TEMPORARY_NAME.fullmatch(temporary.name) and _private(temporary, directory=False)
                    and temporary.stat().st_mtime < stale_before):
                temporary.unlink()


def load_matcher(path: Path, environ: Mapping[str, str], *, use_cache: bool = True) -> Matcher:
    """The matcher for the glossary at `path`, from the cache when its key matches, else parsed, validated and
    built (then cached). Raises GlossaryInvalid as load_glossary does."""
    directory = cache_dir(environ)
    file: Path | None = None
    if use_cache:
        try:
            file = directory / f"{PREFIX}{cache_key(path)}.pickle"
        except OSError:
            file = None  # an unreadable input: load_glossary reports it
    if file is not None and (cached := _read(file)) is not None:
        with contextlib.suppress(OSError):
            os.utime(file)  # most recently used, for _prune
        return cached
    with gc_paused():
        matcher = Matcher.build(load_glossary(path))
    if file is not None and _unchanged(path, file):  # not edited while it was being read
        _write(directory, file, matcher)
    return matcher


def _unchanged(path: Path, file: Path) -> bool:
    try:
        return file.name == f"{PREFIX}{cache_key(path)}.pickle"
    except OSError:
        return False
