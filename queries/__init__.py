"""Named queries over the graph store, usable from Python (`run_query`), the `kg query` command and the explorer."""
from queries.registry import QueryError, QueryResult, get_query, list_queries, run_query

__all__ = ["QueryError", "QueryResult", "get_query", "list_queries", "run_query"]
