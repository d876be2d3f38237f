"""The registry of named queries: each has a name, Persian and English descriptions, typed parameters and returns rows."""
from __future__ import annotations

import csv
import gc
import io
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.schema import SchemaError, get_schema
from graph.store import GraphStore


class QueryError(ValueError):
    """A named query was asked for with an unknown name, an unknown parameter or a bad value; the message says which."""


@dataclass(frozen=True)
class Param:
    """One typed parameter of a named query.

    `kind` is one of: text, int, bool, choice (one of `choices`), date (ISO YYYY-MM-DD), entity (an id or a name,
    of the label in `label` if given), labels (node labels), rel_types (relationship types).
    """

    name: str
    kind: str
    en: str
    fa: str
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    label: str | None = None
    minimum: int | None = None
    maximum: int | None = None


@dataclass
class QueryResult:
    """Rows of a named query (a list of dicts) and the order of their columns."""

    columns: list[str]
    rows: list[dict] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(self.rows, ensure_ascii=False, indent=2, default=str)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=self.columns, extrasaction="ignore")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: cell_text(v) for k, v in row.items()})
        return out.getvalue()


def cell_text(value: Any) -> Any:
    """A cell as one CSV/table value: lists joined, None empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "، ".join(str(v) for v in value)
    return value


@dataclass(frozen=True)
class NamedQuery:
    """A query's name, descriptions, parameters and the function that runs it on a store."""

    name: str
    en: str
    fa: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    func: Callable[..., list[dict]]

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise QueryError(f"query {self.name!r} has no parameter {name!r}; its parameters are: "
                         f"{', '.join(p.name for p in self.params) or 'none'}")


QUERIES: dict[str, NamedQuery] = {}


def named_query(name: str, en: str, fa: str, columns: list[str], params: list[Param] = ()) -> Callable:
    """Decorator registering `func(store, **params) -> rows` as a named query."""
    def register(func: Callable[..., list[dict]]) -> Callable[..., list[dict]]:
        if name in QUERIES:
            raise ValueError(f"named query {name!r} registered twice")
        QUERIES[name] = NamedQuery(name, en, fa, tuple(params), tuple(columns), func)
        return func
    return register


def get_query(name: str) -> NamedQuery:
    """The named query called `name`, or a QueryError listing the known ones."""
    _load_library()
    try:
        return QUERIES[name]
    except KeyError:
        raise QueryError(f"unknown query {name!r}; known queries: {', '.join(sorted(QUERIES))}") from None


def list_queries() -> list[NamedQuery]:
    """All named queries, sorted by name."""
    _load_library()
    return [QUERIES[n] for n in sorted(QUERIES)]


def _load_library() -> None:
    import queries.analytics
    import queries.library
    import queries.tenure  # noqa: F401  (registers its queries)


def _split(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


def coerce(query: NamedQuery, param: Param, value: Any, store: GraphStore) -> Any:
    """Turn a raw value (from Python, the CLI or a form) into the parameter's type, or raise QueryError saying why."""
    where = f"query {query.name!r}, parameter {param.name!r}"
    if value is None or value == "" or value == []:
        if param.required:
            raise QueryError(f"{where} is required ({param.en})")
        return param.default
    schema = get_schema()
    if param.kind == "text":
        return str(value).strip()
    if param.kind == "int":
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise QueryError(f"{where}: {value!r} is not a whole number") from None
        if (param.minimum is not None and number < param.minimum) or (
                param.maximum is not None and number > param.maximum):
            raise QueryError(f"{where}: {number} is outside {param.minimum}..{param.maximum}")
        return number
    if param.kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "y", "on"):
            return True
        if text in ("0", "false", "no", "n", "off"):
            return False
        raise QueryError(f"{where}: {value!r} is not true or false")
    if param.kind == "choice":
        if str(value) not in param.choices:
            raise QueryError(f"{where}: {value!r} is not one of {', '.join(param.choices)}")
        return str(value)
    if param.kind == "date":
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise QueryError(f"{where}: {value!r} is not a date like 2025-12-20") from None
    if param.kind in ("labels", "rel_types"):
        lookup = schema.label if param.kind == "labels" else schema.relationship
        try:
            return [lookup(v).name for v in _split(value)]
        except SchemaError as exc:
            raise QueryError(f"{where}: {exc}") from None
    if param.kind == "entity":
        from queries.resolve import resolve_entity
        return resolve_entity(store, str(value), label=param.label, where=where).id
    raise QueryError(f"{where}: unknown parameter kind {param.kind!r}")


def refresh(store: GraphStore) -> None:
    """Let an embedded store pick up a graph a build has saved meanwhile (old or new graph, never half)."""
    reload = getattr(store, "reload_if_changed", None)
    if reload is not None:
        reload()


_PAUSE_LOCK = threading.Lock()
_pauses = {"running": 0, "was_enabled": False}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a block without the cyclic garbage collector's passes, turned back on (if it was on) when the last such
    block of the process ends.

    A query over a hub makes hundreds of thousands of short-lived objects while the store's caches hold millions of
    long-lived ones: the collector's passes inside one query cost more than the query's own work (at 100k articles,
    0.6 s of a 1.2 s neighbourhood). Garbage without cycles is freed as always; cycles wait for the next pass after.
    """
    with _PAUSE_LOCK:
        if _pauses["running"] == 0:
            _pauses["was_enabled"] = gc.isenabled()
            gc.disable()
        _pauses["running"] += 1
    try:
        yield
    finally:
        with _PAUSE_LOCK:
            _pauses["running"] -= 1
            if _pauses["running"] == 0 and _pauses["was_enabled"]:
                gc.enable()


def run_query(store: GraphStore, name: str, **params: Any) -> QueryResult:
    """Run the named query on a store with the given parameters (raw values are checked and converted), on one state
    of the store (`queries.resolve.one_state`) and without the garbage collector's passes (`collector_paused`)."""
    from queries.resolve import one_state

    query = get_query(name)
    for given in params:
        query.param(given)
    with collector_paused():
        refresh(store)
        with one_state():
            values = {p.name: coerce(query, p, params.get(p.name), store) for p in query.params}
            rows = query.func(store, **values)
    return QueryResult(columns=list(query.columns), rows=rows)
