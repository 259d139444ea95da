"""microseg sample extract generator (see scripts/generate_sample_data.py)."""
__version__ = "1.0.0"
