"""One module per screen; top-level sections are the app's modes."""
