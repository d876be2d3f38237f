"""Python's cyclic garbage collector paused around a batch of extraction, which makes no reference cycles."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Automatic collection off inside the block, back to its previous state after it.

    Extraction and resolution allocate many small containers (tokens, mentions, relations) and keep every result, so
    the collector would rescan the growing results again and again while finding nothing to free (they form no
    reference cycles; tests/test_extract_speed.py checks that). Plain reference counting still frees everything.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
