"""microseg segment dashboard (Streamlit): reads the DuckDB marts read-only. Run `make dashboard`."""
