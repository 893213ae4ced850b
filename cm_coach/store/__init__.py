"""Storage: one private SQLite file. Schema and migrations through sqlite-utils."""
