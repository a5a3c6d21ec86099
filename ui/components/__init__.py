"""The Streamlit glue of each domain: cached reads keyed by scope, and the widgets a page is built from."""
