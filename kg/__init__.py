"""The kg command: one entry point for extract, build, stats, query, export, app and the local Neo4j."""
