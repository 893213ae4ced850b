"""cm-coach: a terminal coaching assistant for community managers."""

__version__ = "0.1.0"
