"""Stable record ids: they let an import merge a file into a journal without duplicates."""

import os


def new_uid() -> str:
    """A new record id: 20 random hex digits, the same on every machine the record travels to."""
    return os.urandom(10).hex()
