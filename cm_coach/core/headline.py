"""The headline figure, said the same way everywhere: time with people and its parts.

"37 % = dialogue 32 % + moderation 5 %": the stats, the dashboard and the exports all show
the share of time spent with people next to what it is made of, rounded so that the parts
add up to the whole.
"""

from __future__ import annotations

from cm_coach.core.activity_catalogue import activities
from cm_coach.core.i18n import percent, t

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # only in annotations: the dashboard shows its first frame without the figures' code
    from cm_coach.core.indicator_records import Indicators


def people_time_parts(indicators: Indicators, lang: str) -> str:
    """``"dialogue 32 % + modération 5 %"``: the parts of the headline, in ``lang``."""
    labels = activities()
    _, parts = indicators.people_time_percents()  # both parts, even one at 0 %
    return " + ".join(
        t("stats.part", lang, activity=labels[key].label[lang].lower(), share=percent(value / 100, lang))
        for key, value in parts
    )


def people_time(indicators: Indicators, lang: str) -> tuple[str, str]:
    """The headline share (``"37 %"``) and its parts, rounded so that they add up."""
    total, _ = indicators.people_time_percents()
    return percent(total / 100, lang), people_time_parts(indicators, lang)
