"""Stable record ids: they let an import merge a file into a journal without duplicates."""

import os


def new_uid() -> str:
    return os.urandom(10).hex()
