"""One fixed colour per activity, defined once in content/activities.toml, legible (≥ 3:1,
WCAG's bar for graphics) on white and on the dark-mode background."""

from __future__ import annotations

from cm_coach.core.content import activities

DARK_BACKGROUND = "#16191d"  # the dark mode of the HTML exports


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_activity_has_its_own_legible_colour():
    colours = {a.id: a.colour for a in activities().values()}
    assert len(set(colours.values())) == len(colours)
    for activity, colour in colours.items():
        assert contrast(colour, "#ffffff") >= 3, activity
        assert contrast(colour, DARK_BACKGROUND) >= 3, activity
