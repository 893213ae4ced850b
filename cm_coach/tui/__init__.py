"""The Textual app: built by :func:`cm_coach.tui.app.make_app`."""
