"""Who may see and do what: the one place that decides access.

Views, API permissions, templates and selectors ask these predicates and querysets; nobody
re-derives a rule. A user's power comes from memberships: a role (viewer < contributor <
coordinator < administrator) held at an organisation. Superusers are platform administrators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .constants import ROLE_RANK, Role

if TYPE_CHECKING:
    from lokaalwerk.accounts.models import Organisation, User
    from lokaalwerk.agreements.models import Action, Agreement


def _is_active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def highest_rank(user) -> int:
    """The highest role the user holds at any organisation; -1 for none."""
    if not _is_active(user):
        return -1
    if user.is_superuser:
        return ROLE_RANK[Role.ADMINISTRATOR]
    ranks = [ROLE_RANK[Role(m.role)] for m in user.memberships.all()]
    return max(ranks, default=-1)


def has_role(user, role: Role) -> bool:
    return highest_rank(user) >= ROLE_RANK[role]


def holds_role(user, role: Role) -> bool:
    """The user holds exactly this role at some organisation (alderman, DPO, ...)."""
    return _is_active(user) and any(m.role == role for m in user.memberships.all())


def member_organisation_ids(user) -> set[int]:
    """Organisations the user is a member of, with the organisations those are part of."""
    if not _is_active(user):
        return set()
    ids: set[int] = set()
    for membership in user.memberships.select_related("organisation__parent"):
        ids.update(membership.organisation.lineage_ids())
    return ids


# --- The agreement and its plan ------------------------------------------------------------


def can_view_plan(user) -> bool:
    """Every signed-in member of a partner organisation reads the plan (principle 9)."""
    return _is_active(user) and (user.is_superuser or highest_rank(user) >= 0)


def can_view_agreement(user, agreement: Agreement) -> bool:
    return can_view_plan(user)


def can_view_action(user, action: Action) -> bool:
    return can_view_plan(user)


def can_import_agreement(user) -> bool:
    """Coordinators at the city or VDAB load agreements; so do administrators."""
    return has_role(user, Role.COORDINATOR)


def can_view_organisations(user) -> bool:
    return can_view_plan(user)


def can_view_organisation(user, organisation: Organisation) -> bool:
    return can_view_plan(user)


def agreements_visible_to(user):
    from lokaalwerk.agreements.models import Agreement

    if not can_view_plan(user):
        return Agreement.objects.none()
    return Agreement.objects.all()


def organisations_visible_to(user):
    from lokaalwerk.accounts.models import Organisation

    if not can_view_organisations(user):
        return Organisation.objects.none()
    return Organisation.objects.all()


def can_use_admin(user: User) -> bool:
    return _is_active(user) and user.is_staff
