"""Migrating a data directory of the earlier embedded format (one `graph.json`) into the SQLite store, once, on first open."""
from __future__ import annotations

import json
import os
from pathlib import Path

from graph.model import Article, Entity, Relation
from graph.store import StoreError

LEGACY_FORMAT = 1
MIGRATED_SUFFIX = ".migrated"


def migrate_legacy_directory(directory: Path, holding_lock: bool) -> None:
    """Turn `graph.json` into `graph.sqlite`, then rename it `graph.json.migrated`; a crash half-way changes nothing.

    The new database is written beside the old file and renamed into place only when complete. A reader takes the
    write lock for the migration; when it cannot, or the directory is not writable, the error says what to do.
    """
    from graph.embedded import DB_FILE, LEGACY_FILE, _take_lock

    legacy, target = directory / LEGACY_FILE, directory / DB_FILE
    how = (f"open it once as a user who can write to {directory} (e.g. `kg stats --data {directory}`) "
           f"and {legacy} is migrated to {target}")
    lock = None
    if not holding_lock:
        try:
            lock = _take_lock(directory)
        except StoreError as exc:
            raise StoreError(f"{legacy} needs migrating to {target}, but {exc}") from None
        except OSError as exc:
            raise StoreError(f"{legacy} needs migrating to {target} and cannot be: {exc}; {how}") from None
    try:
        if target.exists():
            return
        data = _read_legacy(legacy)
        partial = directory / f".{DB_FILE}.migrating"
        try:
            _write_database(partial, data)
            os.replace(partial, target)
            os.replace(legacy, legacy.with_name(LEGACY_FILE + MIGRATED_SUFFIX))
        except OSError as exc:
            raise StoreError(f"cannot migrate {legacy} to {target}: {exc}; {how}") from exc
        finally:
            for leftover in directory.glob(f".{DB_FILE}.migrating*"):
                leftover.unlink()
    finally:
        if lock is not None:
            lock.release()


def _read_legacy(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot read the graph file {path} to migrate it: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != LEGACY_FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise StoreError(f"{path} has format {found!r}; only format {LEGACY_FORMAT} can be migrated")
    return data


def _write_database(path: Path, data: dict) -> None:
    """Write the whole legacy graph into a new database file in one transaction, then close it cleanly."""
    from graph.embedded import create_database, put_article, put_entity, put_relations

    db = create_database(path)
    try:
        db.execute("BEGIN IMMEDIATE")
        for item in data["articles"]:
            put_article(db, Article.from_dict(item))
        for item in data["entities"]:
            put_entity(db, Entity.from_dict(item))
        put_relations(db, (Relation.from_dict(item) for item in data["relations"]))
        db.execute("UPDATE meta SET value = '1' WHERE key = 'generation'")
        db.execute("COMMIT")
    finally:
        db.close()
