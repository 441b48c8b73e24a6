from django import template

from lokaalwerk.accounts import policies

from .. import selectors

register = template.Library()


@register.simple_tag
def cadence_warnings(user) -> list[str]:
    """Warnings for the home page: bodies that meet less often than Part IV requires."""
    if not policies.can_view_bodies(user):
        return []
    return selectors.cadence_warnings(user=user)


@register.filter
def can_view_bodies(user) -> bool:
    return policies.can_view_bodies(user)
