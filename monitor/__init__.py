"""Consortium Monitor core: storage, domain rules, importers and reports. Never imports streamlit."""
