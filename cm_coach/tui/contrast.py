"""Text colours that stay readable on every theme: WCAG AA asks 4.5:1 against the background.

Themes give ``$warning``, ``$success``… as accent colours; on a light theme the orange and
the green are far below 4.5:1 (about 1.5:1 on textual-light). ``readable`` keeps the hue and
moves the colour towards black (light themes) or white (dark ones) until the contrast holds
on every background the app paints text on.
"""

from __future__ import annotations

from textual.color import Color

AA = 4.5
BACKGROUNDS = ("background", "surface", "panel", "boost")  # where our text stands
READABLE = ("warning", "success", "accent", "error")


def _luminance(color: Color) -> float:
    def channel(value: int) -> float:
        share = value / 255
        return share / 12.92 if share <= 0.03928 else ((share + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(one: Color, other: Color) -> float:
    """The WCAG contrast ratio of two opaque colours (1 to 21)."""
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(text: Color, backgrounds: list[Color]) -> Color:
    """``text``, darkened or lightened just enough to reach :data:`AA` on all ``backgrounds``."""
    light = sum(_luminance(b) for b in backgrounds) / len(backgrounds) > 0.5
    target = Color(0, 0, 0) if light else Color(255, 255, 255)
    for step in range(21):
        candidate = text.blend(target, step / 20)
        if all(contrast(candidate, background) >= AA for background in backgrounds):
            return candidate
    return target


def readable_variables(variables: dict[str, str]) -> dict[str, str]:
    """``readable-warning``… for the theme's ``variables`` (Textual's CSS variables)."""
    base = Color.parse(variables["background"])
    backgrounds = []
    for name in BACKGROUNDS:
        try:
            color = Color.parse(variables[name])
        except (KeyError, ValueError):
            continue
        backgrounds.append(base.blend(color.with_alpha(1.0), color.a) if color.a < 1 else color)
    found = {}
    for name in READABLE:
        source = variables.get(f"text-{name}") or variables.get(name)
        if source:
            found[f"readable-{name}"] = readable(Color.parse(source), backgrounds or [base]).hex
    return found
