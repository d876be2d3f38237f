"""The Streamlit explorer's building blocks: interface words, safe text rendering, the graph view and the pages."""
