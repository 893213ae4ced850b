"""One rubric statement: a 1–5 score set with the number keys (or a click), a note, the figure."""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Static

from cm_coach.tui.widgets.prose import Prose


class QuestionRow(Vertical, can_focus=True):
    """Focus it and type 1 to 5; the measured figure and any contradiction show below."""

    DEFAULT_CSS = """
    QuestionRow { height: auto; padding: 0 1; margin-bottom: 1; }
    QuestionRow:focus-within, QuestionRow:focus { background: $boost; }
    QuestionRow .q-text { text-style: bold; }
    QuestionRow .q-hint, QuestionRow .q-measured { color: $text-muted; }
    QuestionRow .q-scores { height: 1; }
    QuestionRow .q-scores Button { min-width: 5; width: 5; margin-right: 1; }
    QuestionRow .q-scores Button.-chosen { background: $primary; color: $text; text-style: bold; }
    QuestionRow .q-note { width: 1fr; margin-left: 1; }
    QuestionRow .q-contradiction { color: $readable-error; text-style: bold; display: none; }
    QuestionRow.-contradicted .q-contradiction { display: block; }
    """
    BINDINGS = [  # noqa: RUF012
        *[
            Binding(str(n), f"score({n})", "tui.keys.score", show=n == 1, key_display="1-5", id=f"q_{n}")
            for n in range(1, 6)
        ],
    ]

    class Scored(Message):
        """A score was set (or cleared): the screen recomputes the contradictions."""

        def __init__(self, row: QuestionRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, question_id: str, text: str, hint: str, note_placeholder: str) -> None:
        super().__init__()
        self.question_id = question_id
        self.text = text
        self.hint = hint
        self.note_placeholder = note_placeholder
        self.score: int | None = None

    def compose(self) -> ComposeResult:
        """The statement, its hint, the 1–5 buttons with the note, then the figure and any contradiction."""
        yield Prose(escape(self.text), classes="q-text")
        yield Prose(escape(self.hint), classes="q-hint")
        with Horizontal(classes="q-scores"):
            for n in range(1, 6):
                button = Button(str(n), compact=True, id=f"score-{n}")
                button.can_focus = False  # Tab goes statement → note → next statement; 1-5 score
                yield button
            yield Input(placeholder=self.note_placeholder, compact=True, classes="q-note")
        yield Prose("", classes="q-measured")
        yield Prose("", classes="q-contradiction")

    @property
    def note(self) -> str:
        """The note typed beside the score."""
        return self.query_one(".q-note", Input).value

    def action_score(self, score: int) -> None:
        """1–5: score the statement."""
        self.set_score(score)

    def set_score(self, score: int | None) -> None:
        """Set the score (None clears it), light its button and tell the screen."""
        self.score = score
        for n in range(1, 6):
            self.query_one(f"#score-{n}", Button).set_class(n == score, "-chosen")
        self.post_message(self.Scored(self))

    @on(Button.Pressed)
    def _clicked(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("score-"):
            self.set_score(int(event.button.id.removeprefix("score-")))

    def show_figure(self, measured: str, contradiction: str | None) -> None:
        """Show the measured figure, and the contradiction (in red) when there is one."""
        self.query_one(".q-measured", Static).update(escape(measured))
        self.query_one(".q-contradiction", Static).update(escape(contradiction or ""))
        self.set_class(contradiction is not None, "-contradicted")
