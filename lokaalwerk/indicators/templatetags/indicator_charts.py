from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lokaalwerk.accounts import policies
from lokaalwerk.indicators.charts import bar_chart
from lokaalwerk.indicators.constants import Unit

register = template.Library()


@register.simple_tag
def breakdown_chart(title, values):
    return bar_chart(title, values)


@register.filter
def can_view_indicators(user) -> bool:
    return policies.can_view_indicators(user)


@register.simple_tag
def action_series(action):
    """The outcome of one action: series of its linked indicators (latest value vs target)."""
    from lokaalwerk.indicators.selectors import indicator_series_for_actions

    return indicator_series_for_actions(actions=[action])


@register.filter
def with_unit(value, unit) -> str:
    """A figure in the unit of its indicator: "12,5%", "3,2 per 1.000", "€ 1.250", "1.450"."""
    if value is None:
        return "—"
    # As many decimals as were set (a target of 6,5 is not shown as 6,50), grouped.
    value = Decimal(value).normalize()
    places = max(0, -value.as_tuple().exponent)
    number = number_format(value, decimal_pos=places, force_grouping=True)
    if unit == Unit.PERCENTAGE:
        return f"{number}%"
    if unit == Unit.RATE_PER_1000:
        return _("%(value)s per 1,000") % {"value": number}
    if unit == Unit.EURO:
        return f"€\u00a0{number}"
    if unit == Unit.DAYS:
        return ngettext("%(value)s day", "%(value)s days", int(value)) % {"value": number}
    return number
