from django import template

from lokaalwerk.accounts import policies

from ..selectors import unread_message_count

register = template.Library()


@register.simple_tag
def referral_nav(user) -> dict:
    """Which referral pages the user may open, for the navigation."""
    worker = policies.is_client_worker(user)
    return {
        "worker": worker,
        "statistics": policies.can_view_referral_statistics(user),
        "popup": worker or policies.can_manage_popup(user),
        "audit": policies.can_view_client_audit(user),
        "unread": unread_message_count(user=user) if worker else 0,
    }


@register.filter
def scope_labels(scope) -> str:
    """The consented kinds of data, in words."""
    from ..constants import DataField

    labels = dict(DataField.choices)
    return ", ".join(str(labels.get(value, value)) for value in scope or [])
