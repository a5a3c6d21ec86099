"""Streamlit glue shared by the pages: cached connection and data, sidebar widgets, layout helpers."""
