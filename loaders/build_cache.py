"""A pickle cache for data the loaders build once (the lexicon, the normaliser's tables), keyed by what it is built from.

The key hashes every file of the given sources (data directories and the modules that build), the versions of the
given packages and Python's, and this module; any change gives a new key, so a cached object is never stale. Files
live in $KG_CACHE, else ~/.cache/kg; they are written atomically and an unreadable one is rebuilt.

A compiled regex is stored with its compiled form (the code `re` makes of it), so that loading it does not compile it
again (a large alternation takes a tenth of a second to compile); the key holds Python's version, so the code is only
ever loaded by the Python that made it.
"""
from __future__ import annotations

import copyreg
import hashlib
import os
import pickle
import re
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable
from importlib.util import find_spec
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
KEEP_VERSIONS = 4  # newest cached versions kept per name, so checkouts of different versions do not evict each other


def cache_dir() -> Path:
    """Where built objects are cached: $KG_CACHE, else ~/.cache/kg."""
    explicit = os.environ.get("KG_CACHE")
    return Path(explicit) if explicit else Path.home() / ".cache" / "kg"


def _files(source: Path) -> list[tuple[str, Path]]:
    if source.is_dir():
        return sorted((p.relative_to(source).as_posix(), p) for p in source.rglob("*")
                      if p.is_file() and "__pycache__" not in p.parts)
    return [(source.name, source)]


def source_key(sources: Iterable[Path], packages: Iterable[str] = ()) -> str:
    """A hash of the sources' file names and bytes, the packages' versions and the Python version."""
    digest = hashlib.sha256(sys.version.encode() + b"\0" + Path(__file__).read_bytes())
    for source in sources:
        for name, path in _files(Path(source)):
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for package in packages:
        digest.update(f"{package}=={_installed_version(package)}\0".encode())
    return digest.hexdigest()[:24]


def _installed_version(package: str) -> str:
    """The installed distribution of a package, from its dist-info directory's name (without importing it or
    importlib.metadata, which is slow to import and leaves cyclic garbage)."""
    spec = find_spec(package)
    if spec is None or spec.origin is None:
        return "absent"
    site = Path(spec.origin).resolve().parent.parent
    found = sorted(p.name for p in site.glob(f"{package}-*.dist-info"))
    return ",".join(found) or str(Path(spec.origin).stat().st_mtime_ns)


def load_or_build(name: str, build: Callable[[], T], sources: Iterable[Path], packages: Iterable[str] = ()) -> T:
    """The object `build()` returns, read from the cache when it was built from the same sources, else built and cached.

    A cache that cannot be written (read-only home, full disk) only costs the build each time; an object that cannot
    be pickled is returned uncached, with a warning.
    """
    key = source_key(sources, packages)
    directory = cache_dir()
    path = directory / f"{name}-{key}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass  # unreadable or from other code: rebuilt and replaced below
    built = build()
    _store(name, built, path)
    return built


def _store(name: str, built: object, path: Path) -> None:
    """Write the pickle next to its final name, rename it there, and remove all but the newest versions of the name."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{name}-", delete=False) as fh:
            temporary = Path(fh.name)
            pickler = pickle.Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.dispatch_table = {**copyreg.dispatch_table, re.Pattern: _compiled_pattern}
            pickler.dump(built)
        os.replace(temporary, path)
        temporary = None
        versions = sorted(path.parent.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in versions[KEEP_VERSIONS:]:
            old.unlink(missing_ok=True)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        warnings.warn(f"{name} cannot be cached ({exc}); it is rebuilt in every process", stacklevel=3)
    except OSError:
        pass
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _compiled_pattern(pattern: re.Pattern):
    """Pickle a regex as the call that rebuilds it from its compiled code (as `re.compile` makes it; a pickled regex is
    otherwise compiled again when loaded)."""
    import _sre
    from re import _compiler, _parser

    parsed = _parser.parse(pattern.pattern, pattern.flags)
    code = [int(op) for op in _compiler._code(parsed, pattern.flags)]
    names = [None] * parsed.state.groups
    for name, index in parsed.state.groupdict.items():
        names[index] = name
    return _sre.compile, (pattern.pattern, pattern.flags | parsed.state.flags, code, parsed.state.groups - 1,
                          dict(parsed.state.groupdict), tuple(names))
