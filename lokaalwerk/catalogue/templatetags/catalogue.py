"""Template questions about the catalogue, answered by accounts/policies.py."""

from django import template

from lokaalwerk.accounts import policies

register = template.Library()


@register.simple_tag
def catalogue_access(user) -> dict[str, bool]:
    return {
        "catalogue": policies.can_view_catalogue(user),
        "vacancies": policies.can_view_vacancies(user),
        "directory_edit": policies.can_edit_directory_entry(user),
    }


@register.filter
def is_stale(entry, stale_before) -> bool:
    return entry.last_checked_on < stale_before
