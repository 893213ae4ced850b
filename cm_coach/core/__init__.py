"""The domain core: no user interface here (textual must never be imported from this package)."""
