from django import template

from lokaalwerk.accounts import policies
from lokaalwerk.indicators.charts import bar_chart

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
