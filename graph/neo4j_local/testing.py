"""A throwaway local Neo4j for a test session: free port, data in a given directory, stopped by the caller."""
from __future__ import annotations

from pathlib import Path

from graph.neo4j_local.server import LocalServer, free_port, start


def start_test_server(directory: Path, auth: bool = False) -> LocalServer:
    """Start the pinned Neo4j on a free 127.0.0.1 port with its data under `directory`; raises LocalNeo4jError if it cannot.

    The JVM also stops by itself when this process exits (its stdin pipe closes).
    """
    return start(Path(directory) / "data", port=free_port(), auth=auth)
