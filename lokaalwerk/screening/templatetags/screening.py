from django import template

from lokaalwerk.accounts import policies

register = template.Library()


@register.filter
def may_view_screening(user) -> bool:
    return policies.can_view_screening(user)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
