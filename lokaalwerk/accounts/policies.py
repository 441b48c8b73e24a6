"""Who may see and do what: the one place that decides access.

Views, API permissions, templates and selectors ask these predicates and querysets; nobody
re-derives a rule. A user's power comes from memberships: a role (viewer < contributor <
coordinator < administrator) held at an organisation. Superusers are platform administrators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .constants import ROLE_RANK, Role
from .scope import (  # noqa: F401 - the local-government scope is part of these rules
    client_in_local_government,
    foreign_area_codes,
    foreign_municipality_ids,
    in_local_government,
    local_government_ids,
    local_government_q,
    municipalities_for,
    organisations_working_in,
    popup_slot_holders,
    popup_slot_scope_q,
    referral_scope_q,
    screening_round_scope_q,
    users_working_in,
)

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
    return can_view_plan(user) and _agreement_scope(user, agreement)


def can_view_action(user, action: Action) -> bool:
    return can_view_plan(user) and _agreement_scope(user, action.agreement)


def can_import_agreement(user) -> bool:
    """Coordinators at the city or VDAB load agreements; so do administrators."""
    return has_role(user, Role.COORDINATOR)


def can_view_organisations(user) -> bool:
    return can_view_plan(user)


def can_view_organisation(user, organisation: Organisation) -> bool:
    return can_view_plan(user) and in_local_government(user, organisation.local_government_id)


def agreements_visible_to(user):
    """The agreements of the user's local governments."""
    from lokaalwerk.agreements.models import Agreement

    if not can_view_plan(user):
        return Agreement.objects.none()
    return Agreement.objects.filter(local_government_q(user, "local_government"))


def organisations_visible_to(user):
    """The organisations of the user's local governments and the regional ones."""
    from lokaalwerk.accounts.models import Organisation

    if not can_view_organisations(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(local_government_q(user, "local_government"))


def _agreement_scope(user, agreement) -> bool:
    return agreement is None or in_local_government(user, agreement.local_government_id)


def can_use_admin(user: User) -> bool:
    return _is_active(user) and user.is_staff


# --- Imports running in the background ----------------------------------------------------


def import_jobs_visible_to(user):
    """An import that runs as a job, its progress and its report are seen by the person who
    uploaded the file, while they still may import (the app's own predicate says so)."""
    from lokaalwerk.core.models import ImportJob

    if not _is_active(user):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(created_by=user)


# --- Catalogue: offers, inclusion test, public directory, vacancies -------------------------


def can_view_catalogue(user) -> bool:
    """Action 2.3: every partner's staff reads each other's offer and the vacancies."""
    return can_view_plan(user)


def can_edit_offer(user, offer=None) -> bool:
    """Contributors of the provider organisation (or an organisation it is part of) edit an
    offer; without an offer: may the user add one for some organisation at all."""
    if not _is_active(user):
        return False
    if user.is_superuser:
        return True
    if offer is None:
        return has_role(user, Role.CONTRIBUTOR)
    if not in_local_government(user, offer.provider.local_government_id):
        return False
    provider_lineage = set(offer.provider.lineage_ids())
    return any(
        membership.rank >= ROLE_RANK[Role.CONTRIBUTOR]
        and membership.organisation_id in provider_lineage
        for membership in user.memberships.all()
    )


def _catalogue_editable_organisation_ids(user) -> set[int]:
    """Organisations where the user is a contributor or more, with all their departments."""
    from lokaalwerk.accounts.models import Organisation

    roots = {
        m.organisation_id for m in user.memberships.all() if m.rank >= ROLE_RANK[Role.CONTRIBUTOR]
    }
    children: dict[int, list[int]] = {}
    for pk, parent_id in Organisation.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = set(), list(roots)
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


def offer_provider_choices_for(user):
    """Organisations a user may publish offers or directory entries for: those where they
    contribute, with their departments."""
    from lokaalwerk.accounts.models import Organisation

    if not _is_active(user):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=_catalogue_editable_organisation_ids(user))


def directory_entries_editable_by(user):
    """The directory entries a user keeps up to date (same rule as can_edit_directory_entry)."""
    from lokaalwerk.catalogue.models import DirectoryEntry

    if not _is_active(user):
        return DirectoryEntry.objects.none()
    if user.is_superuser:
        return DirectoryEntry.objects.all()
    return DirectoryEntry.objects.filter(owner_id__in=_catalogue_editable_organisation_ids(user))


def can_decide_inclusion(user) -> bool:
    """Principle 8: coordinators (city or VDAB) decide the cells of the inclusion test."""
    return has_role(user, Role.COORDINATOR)


def can_view_directory(user) -> bool:
    """Action 2.1: the directory of wifi points, childcare, Dutch courses … is public."""
    return True


def can_edit_directory_entry(user, entry=None) -> bool:
    """The owner organisation's contributors keep an entry up to date."""
    if entry is None:
        return has_role(user, Role.CONTRIBUTOR)
    return _owner_edits(user, entry)


def _owner_edits(user, entry) -> bool:
    if not _is_active(user):
        return False
    if user.is_superuser:
        return True
    lineage = set(entry.owner.lineage_ids())
    return any(
        m.rank >= ROLE_RANK[Role.CONTRIBUTOR] and m.organisation_id in lineage
        for m in user.memberships.all()
    )


def can_view_vacancies(user) -> bool:
    """Action 3.1: VDAB shares social-economy vacancies with the Sociaal Huis and partners."""
    return can_view_plan(user)


def can_import_vacancies(user) -> bool:
    """Coordinators load the vacancy list VDAB provides."""
    return has_role(user, Role.COORDINATOR)


def can_subscribe_to_vacancies(user) -> bool:
    return can_view_vacancies(user)


def offers_visible_to(user):
    from lokaalwerk.catalogue.models import Offer

    if not can_view_catalogue(user):
        return Offer.objects.none()
    return Offer.objects.filter(local_government_q(user, "provider__local_government"))


def directory_entries_visible_to(user):
    """The public sees published entries; members also see unpublished ones they keep."""
    from django.db.models import Q

    from lokaalwerk.catalogue.models import DirectoryEntry

    if not _is_active(user):
        return DirectoryEntry.objects.filter(is_published=True)
    if user.is_superuser:
        return DirectoryEntry.objects.all()
    editable = _catalogue_editable_organisation_ids(user)
    return DirectoryEntry.objects.filter(Q(is_published=True) | Q(owner_id__in=editable))


def vacancies_visible_to(user):
    from lokaalwerk.catalogue.models import Vacancy

    if not can_view_vacancies(user):
        return Vacancy.objects.none()
    return Vacancy.objects.exclude(municipality_id__in=foreign_municipality_ids(user))


# --- Governance (Part IV: steering groups and working groups) ------------------------------


def can_view_bodies(user) -> bool:
    """The bodies and their composition are part of the agreement: plan readers see them."""
    return can_view_plan(user)


def bodies_visible_to(user):
    from lokaalwerk.governance.models import Body

    if not can_view_bodies(user):
        return Body.objects.none()
    return Body.objects.filter(agreement__in=agreements_visible_to(user))


def _convenes(user, body) -> bool:
    return body.convenor_id is not None and body.convenor_id in member_organisation_ids(user)


def _sits_in(user, body) -> bool:
    return _is_active(user) and any(m.user_id == user.pk for m in body.members.all())


def can_manage_meetings(user, body) -> bool:
    """Contributors and coordinators of the convening organisation (or a part of it), and the
    body's chair and secretary, plan meetings, invite, keep minutes and record decisions
    (Part IV: the city convenes the political steering group, VDAB the city–VDAB one)."""
    if not _is_active(user):
        return False
    if user.is_superuser:
        return True
    if not _agreement_scope(user, body.agreement):
        return False
    if any(m.user_id == user.pk and m.role in ("chair", "secretary") for m in body.members.all()):
        return True
    return body.convenor_id is not None and any(
        ROLE_RANK[Role(m.role)] >= ROLE_RANK[Role.CONTRIBUTOR]
        and body.convenor_id in m.organisation.lineage_ids()
        for m in user.memberships.select_related("organisation__parent")
    )


def bodies_followed_by(user):
    """Bodies whose meetings the user reads: members of a body (as a person or through their
    organisation) and the convening organisation; administrators follow all."""
    from django.db.models import Q

    bodies = bodies_visible_to(user)
    if not can_view_bodies(user) or user.is_superuser:
        return bodies
    org_ids = member_organisation_ids(user)
    return bodies.filter(
        pk__in=bodies.filter(
            Q(members__user=user)
            | Q(convenor_id__in=org_ids)
            | Q(members__organisation_id__in=org_ids)
        ).values("pk")
    )


def meetings_visible_to(user):
    """Meetings, minutes and decisions of the bodies the user follows."""
    from lokaalwerk.governance.models import Meeting

    if not can_view_bodies(user):
        return Meeting.objects.none()
    return Meeting.objects.filter(body__in=bodies_followed_by(user).values("pk"))


def can_view_meetings(user, body) -> bool:
    """The same rule as ``meetings_visible_to``, for one body."""
    if not can_view_bodies(user) or not _agreement_scope(user, body.agreement):
        return False
    if user.is_superuser or _convenes(user, body) or _sits_in(user, body):
        return True
    return bool({m.organisation_id for m in body.members.all()} & member_organisation_ids(user))


def can_view_meeting(user, meeting) -> bool:
    return meetings_visible_to(user).filter(pk=meeting.pk).exists()


def can_publish_minutes(user, meeting) -> bool:
    """Those who manage a body's meetings publish its approved minutes."""
    return can_manage_meetings(user, meeting.body)


def published_meetings():
    """Anyone, signed in or not, reads approved and published minutes and decisions."""
    from lokaalwerk.governance.models import Meeting

    return Meeting.objects.filter(published_at__isnull=False, minutes_approved_at__isnull=False)


def can_use_calendar_feed(user) -> bool:
    return can_view_bodies(user)


# --- Results: owners, progress updates, the principles check, publication -------------------


def _action_organisation_ids(action: Action) -> set[int]:
    """The lead organisation and every partner with a commitment in the action."""
    ids = {c.organisation_id for c in action.commitments.all()}
    if action.lead_organisation_id:
        ids.add(action.lead_organisation_id)
    return ids


def _contributor_organisation_ids(user) -> set[int]:
    """Organisations (with those they are part of) where the user holds contributor or more.

    A member of a department or team writes for the organisation it belongs to."""
    if not _is_active(user):
        return set()
    ids: set[int] = set()
    for membership in user.memberships.select_related("organisation__parent__parent__parent"):
        if ROLE_RANK[Role(membership.role)] >= ROLE_RANK[Role.CONTRIBUTOR]:
            ids.update(membership.organisation.lineage_ids())
    return ids


def can_view_results(user, agreement: Agreement) -> bool:
    """Everyone signed in at a partner organisation reads progress (principle 9)."""
    return can_view_plan(user) and _agreement_scope(user, agreement)


def can_write_progress(user, action: Action) -> bool:
    """Contributors of the action's organisations (lead or committed partner, including their
    departments and teams) and the action's owners write progress updates and milestones."""
    if not _is_active(user) or not _agreement_scope(user, action.agreement):
        return False
    if user.is_superuser or has_role(user, Role.COORDINATOR):
        return True
    if action.owners.filter(user=user, active=True).exists():
        return True
    return bool(_action_organisation_ids(action) & _contributor_organisation_ids(user))


def actions_writable_by(user, actions) -> set[int]:
    """Ids of the given actions the user may write progress for, without a query per action."""
    if not _is_active(user):
        return set()
    if not user.is_superuser:
        from lokaalwerk.agreements.models import Agreement

        actions = list(actions)
        placed = dict(
            Agreement.objects.filter(pk__in={a.agreement_id for a in actions}).values_list(
                "pk", "local_government_id"
            )
        )
        actions = [a for a in actions if in_local_government(user, placed.get(a.agreement_id))]
    if user.is_superuser or has_role(user, Role.COORDINATOR):
        return {a.pk for a in actions}
    mine = _contributor_organisation_ids(user)
    from lokaalwerk.results.models import ActionOwner

    owned = set(
        ActionOwner.objects.filter(user=user, active=True, action__in=actions).values_list(
            "action_id", flat=True
        )
    )
    return {a.pk for a in actions if a.pk in owned or _action_organisation_ids(a) & mine}


def can_approve_progress(user, action: Action) -> bool:
    """Coordinators approve updates before they become public; without an action: may the
    user approve updates at all."""
    if action is None:
        return has_role(user, Role.COORDINATOR)
    return has_role(user, Role.COORDINATOR) and _agreement_scope(user, action.agreement)


def can_manage_results(user, agreement: Agreement) -> bool:
    """Coordinators name owners, set roll-up rules, choose what is published, freeze snapshots,
    import the plan and carry actions into the next agreement."""
    return has_role(user, Role.COORDINATOR) and _agreement_scope(user, agreement)


def can_assess_principles(user, action: Action) -> bool:
    return can_write_progress(user, action)


def can_view_progress_update(user, update) -> bool:
    """Readers see approved and waiting updates; a returned update only its writers."""
    from lokaalwerk.results.constants import ApprovalState

    if not can_view_plan(user) or not _agreement_scope(user, update.action.agreement):
        return False
    if update.approval != ApprovalState.REJECTED:
        return True
    return update.author_id == user.pk or has_role(user, Role.COORDINATOR)


def progress_updates_visible_to(user):
    from lokaalwerk.results.constants import ApprovalState
    from lokaalwerk.results.models import ProgressUpdate

    if not can_view_plan(user):
        return ProgressUpdate.objects.none()
    scoped = ProgressUpdate.objects.filter(
        local_government_q(user, "action__agreement__local_government")
    )
    if has_role(user, Role.COORDINATOR):
        return scoped
    from django.db.models import Q

    return scoped.filter(~Q(approval=ApprovalState.REJECTED) | Q(author=user))


def can_view_public_results(agreement: Agreement) -> bool:
    """The public transparency page shows an agreement only when coordinators published it."""
    from lokaalwerk.results.models import PublicationSettings

    return PublicationSettings.objects.filter(agreement=agreement, published=True).exists()


# --- Referrals: clients, consents, referrals and the pop-up --------------------------------
# Principles 6-8 and GDPR art. 5: a worker (a contributor) sees a client only while their
# organisation (or a team under it) serves the client, or while a referral or pop-up booking
# with a valid consent links the client to it. A receiving partner sees only the data in the
# consent's scope. Coordinators and aldermen see numbers, not names; administrators manage
# accounts but do not read client files; the data protection officer reads the audit log.

#: States in which the receiving organisation holds the referral (and, through it, the client).
REFERRAL_RECEIVER_STATES = ("sent", "accepted", "in_progress", "completed", "closed")


def _memberships(user) -> list:
    """The user's memberships, read once per request (the navigation asks several rules)."""
    cached = getattr(user, "_referral_memberships", None)
    if cached is None:
        cached = list(user.memberships.all())
        user._referral_memberships = cached
    return cached


def worker_organisation_ids(user) -> frozenset[int]:
    """Organisations for which the user works with clients: where they are a contributor,
    with every team under those organisations. Cached on the user for one request."""
    if not _is_active(user):
        return frozenset()
    cached = getattr(user, "_referral_worker_orgs", None)
    if cached is not None:
        return cached
    from lokaalwerk.accounts.models import Organisation

    roots = {m.organisation_id for m in _memberships(user) if m.role == Role.CONTRIBUTOR}
    ids: set[int] = set()
    if roots:
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in Organisation.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        stack = list(roots)
        while stack:
            pk = stack.pop()
            if pk not in ids:
                ids.add(pk)
                stack.extend(children.get(pk, []))
    result = frozenset(ids)
    user._referral_worker_orgs = result
    return result


def is_client_worker(user) -> bool:
    return bool(worker_organisation_ids(user))


def handles_client_data(user) -> bool:
    """Someone who can open client files or read who opened them: a worker with clients or the
    data protection officer. Their sessions end sooner when left idle (GDPR art. 32)."""
    return is_client_worker(user) or can_view_client_audit(user)


def _valid_consent_q(prefix: str, today):
    from django.db.models import Q

    return Q(**{f"{prefix}withdrawn_at__isnull": True, f"{prefix}given_on__lte": today}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": today})
    )


def _shared_links(org_ids, today):
    """The referrals and pop-up bookings through which a client reaches a partner: live for
    it (a referral it holds, a booking not cancelled) and under a consent valid today. This is
    the one rule behind every client, field and consent a partner sees; withdrawal ends it."""
    from django.db.models import Q

    from lokaalwerk.referrals.models import PopUpBooking, Referral

    received = Referral.objects.filter(
        _valid_consent_q("consent__", today),
        receiving_organisation_id__in=org_ids,
        state__in=REFERRAL_RECEIVER_STATES,
        pseudonymised_at__isnull=True,
    )
    booked = (
        PopUpBooking.objects.filter(_valid_consent_q("consent__", today))
        .filter(Q(slot__organisation_id__in=org_ids) | Q(booked_for_id__in=org_ids))
        .exclude(attendance="cancelled")
    )
    return received, booked


def _client_access_subqueries(org_ids, today):
    """Client ids reachable per route: (full access, scoped access)."""
    from django.db.models import Q

    from lokaalwerk.referrals.models import ClientRelationship, Referral

    related = ClientRelationship.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today),
        organisation_id__in=org_ids,
        started_on__lte=today,
    ).values("client_id")
    sent = Referral.objects.filter(
        _valid_consent_q("consent__", today),
        sending_organisation_id__in=org_ids,
        pseudonymised_at__isnull=True,
    ).values("client_id")
    received, booked = _shared_links(org_ids, today)
    return (related, sent), (received.values("client_id"), booked.values("client_id"))


def clients_visible_to(user, queryset=None, *, full_only: bool = False):
    """Clients whose file the user may open (the rule above); erased clients are gone. With
    ``full_only``, only the clients the user's organisation serves or referred itself."""
    from django.db.models import Q
    from django.utils import timezone

    from lokaalwerk.referrals.models import Client

    queryset = Client.objects.all() if queryset is None else queryset
    org_ids = worker_organisation_ids(user)
    if not org_ids:
        return queryset.none()
    (related, sent), (received, booked) = _client_access_subqueries(org_ids, timezone.localdate())
    reachable = Q(pk__in=related) | Q(pk__in=sent)
    if not full_only:
        reachable |= Q(pk__in=received) | Q(pk__in=booked)
    return queryset.filter(reachable, erased_at__isnull=True)


def can_view_client(user, client) -> bool:
    return clients_visible_to(user).filter(pk=client.pk).exists()


def client_fields_visible_to(user, client) -> frozenset[str]:
    """Which parts of the client record the user may read: everything for an organisation that
    serves the client or referred them; otherwise only the scope of the valid consents through
    which the client reached the user's organisation."""
    from django.db.models import Q
    from django.utils import timezone

    from lokaalwerk.referrals.constants import DataField
    from lokaalwerk.referrals.models import Consent

    org_ids = worker_organisation_ids(user)
    if not org_ids or client.erased_at is not None:
        return frozenset()
    today = timezone.localdate()
    (related, sent), _scoped = _client_access_subqueries(org_ids, today)
    if related.filter(client_id=client.pk).exists() or sent.filter(client_id=client.pk).exists():
        return frozenset(DataField.values)
    received, booked = _shared_links(org_ids, today)
    consents = Consent.objects.filter(
        Q(pk__in=received.filter(client_id=client.pk).values("consent_id"))
        | Q(pk__in=booked.filter(client_id=client.pk).values("consent_id"))
    )
    fields: set[str] = set()
    for scope in consents.values_list("scope", flat=True):
        fields.update(scope)
    return frozenset(fields)


def has_full_client_access(user, client) -> bool:
    from lokaalwerk.referrals.constants import DataField

    return client_fields_visible_to(user, client) >= frozenset(DataField.values)


def can_record_client(user) -> bool:
    """A worker registers a client for their own organisation."""
    return is_client_worker(user)


def can_edit_client(user, client) -> bool:
    """Rectification (GDPR art. 16) by an organisation that serves or referred the client."""
    return has_full_client_access(user, client)


def can_export_client(user, client) -> bool:
    """Subject access (GDPR art. 15): the serving organisation hands the client their data."""
    return has_full_client_access(user, client)


def can_erase_client(user, client) -> bool:
    """Erasure (GDPR art. 17) is decided by the serving organisation or the DPO of the client's
    local government."""
    return can_view_client_audit_of(user, client) or has_full_client_access(user, client)


def can_view_client_audit(user) -> bool:
    """The data protection officer reads who saw which client file, client by client."""
    return _is_active(user) and any(
        m.role == Role.DATA_PROTECTION_OFFICER for m in _memberships(user)
    )


def can_view_client_audit_of(user, client) -> bool:
    """The data protection officer reads the log of the clients of their local government."""
    return can_view_client_audit(user) and client_in_local_government(user, client)


def can_view_referral_statistics(user) -> bool:
    """Numbers, not names: coordinators, aldermen and workers read the aggregate figures."""
    return _is_active(user) and any(
        m.role in (Role.COORDINATOR, Role.ALDERMAN, Role.CONTRIBUTOR, Role.DATA_PROTECTION_OFFICER)
        for m in _memberships(user)
    )


def consents_visible_to(user, queryset=None):
    """Consents of clients the user sees in full, and those it recorded. A partner sees a
    consent only while a referral or pop-up booking under it is live for it (the rule of
    ``_shared_links``): not a draft, a declined, expired or withdrawn referral, nor once the
    consent is withdrawn."""
    from django.db.models import Q
    from django.utils import timezone

    from lokaalwerk.referrals.models import Consent

    queryset = Consent.objects.all() if queryset is None else queryset
    org_ids = worker_organisation_ids(user)
    if not org_ids:
        return queryset.none()
    today = timezone.localdate()
    (related, sent), _scoped = _client_access_subqueries(org_ids, today)
    received, booked = _shared_links(org_ids, today)
    return queryset.filter(
        Q(client_id__in=related)
        | Q(client_id__in=sent)
        | Q(organisation_id__in=org_ids)
        | Q(pk__in=received.values("consent_id"))
        | Q(pk__in=booked.values("consent_id")),
        client__erased_at__isnull=True,
    )


def can_record_consent(user, client) -> bool:
    return has_full_client_access(user, client)


def can_withdraw_consent(user, consent) -> bool:
    """Any organisation that serves the client records a withdrawal; it takes effect at once."""
    return consent.withdrawn_at is None and has_full_client_access(user, consent.client)


#: States in which the receiving organisation keeps seeing a referral it was sent.
REFERRAL_RECEIVED_STATES = (*REFERRAL_RECEIVER_STATES, "declined", "expired")


def referrals_received_by(user, queryset=None):
    """Referrals sent to the user's organisation (or a team under it)."""
    from lokaalwerk.referrals.models import Referral

    queryset = Referral.objects.all() if queryset is None else queryset
    org_ids = worker_organisation_ids(user)
    if not org_ids:
        return queryset.none()
    # Every received state has a sending time; saying so lets the inbox index skip drafts.
    return queryset.filter(
        receiving_organisation_id__in=org_ids,
        state__in=REFERRAL_RECEIVED_STATES,
        sent_at__isnull=False,
    )


def referrals_sent_by(user, queryset=None):
    """Referrals the user's organisation (or a team under it) made, drafts included."""
    from lokaalwerk.referrals.models import Referral

    queryset = Referral.objects.all() if queryset is None else queryset
    org_ids = worker_organisation_ids(user)
    if not org_ids:
        return queryset.none()
    return queryset.filter(sending_organisation_id__in=org_ids)


def referrals_visible_to(user, queryset=None):
    """Referrals the user's organisation sent, and those it received (once sent)."""
    from django.db.models import Q

    from lokaalwerk.referrals.models import Referral

    queryset = Referral.objects.all() if queryset is None else queryset
    org_ids = worker_organisation_ids(user)
    if not org_ids:
        return queryset.none()
    return queryset.filter(
        Q(sending_organisation_id__in=org_ids)
        | Q(receiving_organisation_id__in=org_ids, state__in=REFERRAL_RECEIVED_STATES)
    )


def can_view_referral(user, referral) -> bool:
    return referrals_visible_to(user).filter(pk=referral.pk).exists()


def referral_side(user, referral) -> str:
    """ "sender", "receiver" or "" for the user's part in a referral."""
    org_ids = worker_organisation_ids(user)
    if referral.sending_organisation_id in org_ids:
        return "sender"
    if referral.receiving_organisation_id in org_ids:
        return "receiver"
    return ""


def _linked_client_fields(user, *, consent, maker_id: int, partner_id: int, live: bool):
    """What a referral or pop-up booking shows of its client, without another query: the
    organisation that made it everything while the consent is valid, the partner it is for
    the consent's scope while the link is live; nothing once the consent is not valid."""
    from lokaalwerk.referrals.constants import DataField

    if consent is None or not consent.is_valid():
        return frozenset()
    org_ids = worker_organisation_ids(user)
    if maker_id in org_ids:
        return frozenset(DataField.values)
    if partner_id in org_ids and live:
        return frozenset(consent.scope)
    return frozenset()


def referral_client_fields(user, referral) -> frozenset[str]:
    """What a referral shows of its client (``_linked_client_fields``): the receiver holds it
    from sending to closing."""
    if referral.client_id is None:
        return frozenset()
    return _linked_client_fields(
        user,
        consent=referral.consent,
        maker_id=referral.sending_organisation_id,
        partner_id=referral.receiving_organisation_id,
        live=referral.state in REFERRAL_RECEIVER_STATES,
    )


def can_create_referral(user) -> bool:
    return is_client_worker(user)


def can_transition_referral(user, referral, side: str) -> bool:
    """The workflow table names the side that takes a step; the user must work there."""
    return bool(side) and referral_side(user, referral) == side


def popup_slots_visible_to(user, queryset=None):
    """Every worker sees the pop-up timetable (it holds no personal data)."""
    from lokaalwerk.referrals.models import PopUpSlot

    queryset = PopUpSlot.objects.all() if queryset is None else queryset
    if not (is_client_worker(user) or can_view_referral_statistics(user)):
        return queryset.none()
    return queryset.filter(popup_slot_scope_q(user))


def can_manage_popup(user, slot=None) -> bool:
    """Coordinators of the organisation holding the pop-up set up slots and read the report."""
    if not _is_active(user):
        return False
    ids = {m.organisation_id for m in _memberships(user) if m.role == Role.COORDINATOR}
    if slot is None:
        return bool(ids)
    place = slot.host if slot.host_id and slot.host.local_government_id else slot.organisation
    if not in_local_government(user, place.local_government_id):
        return False
    return slot.organisation_id in ids or slot.host_id in ids


def bookings_visible_to(user, queryset=None):
    """Bookings made by the user's organisation, and those for its pop-up slots while the
    client's consent is valid (a booking says who comes when; withdrawal ends that)."""
    from django.db.models import Q
    from django.utils import timezone

    from lokaalwerk.referrals.models import PopUpBooking

    queryset = PopUpBooking.objects.all() if queryset is None else queryset
    org_ids = worker_organisation_ids(user)
    if not org_ids:
        return queryset.none()
    return queryset.filter(
        Q(booked_for_id__in=org_ids)
        | (
            Q(slot__organisation_id__in=org_ids)
            & _valid_consent_q("consent__", timezone.localdate())
        )
    )


def booking_client_fields(user, booking) -> frozenset[str]:
    """What a pop-up booking shows of its client (``_linked_client_fields``): the organisation
    holding the pop-up sees the consent's scope until the booking is cancelled."""
    if booking.client_id is None:
        return frozenset()
    return _linked_client_fields(
        user,
        consent=booking.consent,
        maker_id=booking.booked_for_id,
        partner_id=booking.slot.organisation_id,
        live=booking.attendance != "cancelled",
    )


def can_book_popup(user) -> bool:
    return is_client_worker(user)


def can_record_attendance(user, booking) -> bool:
    """The consultants' organisation records who came."""
    return booking.slot.organisation_id in worker_organisation_ids(user)


# --- Indicators and the dashboard ----------------------------------------------------------


def can_view_indicators(user) -> bool:
    """Figures are aggregates without personal data: every member who reads the plan sees
    the dashboard (principle 10: make the cooperation measurable)."""
    return can_view_plan(user)


def can_import_observations(user) -> bool:
    """Coordinators load statistics exports and set targets; so do administrators."""
    return has_role(user, Role.COORDINATOR)


def can_manage_targets(user) -> bool:
    """Who loads the figures also sets, changes and removes the targets they are held against
    (indicator × area × year, linked to the action that pursues them)."""
    return can_import_observations(user)


def targets_visible_to(user):
    """Targets of the user's local governments: through the action they are linked to, and
    never on a municipality that another local government's agreement covers."""
    from lokaalwerk.indicators.models import Target

    if not can_view_indicators(user):
        return Target.objects.none()
    return Target.objects.filter(
        local_government_q(user, "action__agreement__local_government")
    ).exclude(area__code__in=foreign_area_codes(user))


def indicators_visible_to(user):
    from lokaalwerk.indicators.models import Indicator

    if not can_view_indicators(user):
        return Indicator.objects.none()
    return Indicator.objects.all()


# --- Screening: joint screening of young people (actions 1.1 and 1.2) -----------------------


def _screening_participant_ids(screening_round) -> set[int]:
    return {organisation.pk for organisation in screening_round.organisations.all()}


def _screening_scope(user, screening_round) -> bool:
    """A round belongs to the local government of its steering group's agreement, or else to
    those of its participants; a round of regional participants only is shared."""
    if not _is_active(user):
        return False
    if user.is_superuser:
        return True
    body = screening_round.steering_group
    if body is not None and body.agreement.local_government_id:
        return in_local_government(user, body.agreement.local_government_id)
    placed = {
        o.local_government_id for o in screening_round.organisations.all() if o.local_government_id
    }
    return not placed or bool(placed & local_government_ids(user))


def _coordinates_for(user, organisation_ids: set[int]) -> bool:
    """A coordinator (or higher) at one of these organisations or an organisation under it."""
    if not _is_active(user):
        return False
    return user.is_superuser or any(
        m.rank >= ROLE_RANK[Role.COORDINATOR]
        and set(m.organisation.lineage_ids()) & organisation_ids
        for m in user.memberships.select_related("organisation__parent")
    )


def can_view_screening(user) -> bool:
    """Every member of an organisation may see which screening rounds concern it."""
    return can_view_plan(user)


def can_create_screening_round(user) -> bool:
    """Coordinators at the city or VDAB prepare a round; the DPO approves it."""
    return has_role(user, Role.COORDINATOR)


def can_approve_screening_round(user, screening_round) -> bool:
    """Only the data protection officer approves a round (purpose and legal basis, GDPR art. 6)."""
    return holds_role(user, Role.DATA_PROTECTION_OFFICER) and _screening_scope(
        user, screening_round
    )


def screening_upload_organisations(user, screening_round) -> list:
    """The participating organisations for which this user uploads a list: a contributor or
    higher directly at that organisation."""
    if not _is_active(user) or not _screening_scope(user, screening_round):
        return []
    participants = _screening_participant_ids(screening_round)
    return [
        m.organisation
        for m in user.memberships.select_related("organisation")
        if m.organisation_id in participants and m.rank >= ROLE_RANK[Role.CONTRIBUTOR]
    ]


def can_upload_screening_tokens(user, screening_round) -> bool:
    return bool(screening_upload_organisations(user, screening_round))


def can_link_screening_round(user, screening_round) -> bool:
    return _screening_scope(user, screening_round) and _coordinates_for(
        user, _screening_participant_ids(screening_round)
    )


def can_close_screening_round(user, screening_round) -> bool:
    return can_link_screening_round(user, screening_round) or (
        holds_role(user, Role.DATA_PROTECTION_OFFICER) and _screening_scope(user, screening_round)
    )


def can_view_screening_counts(user, screening_round) -> bool:
    """The steering group reads the counts (action 1.2: "de cijfers van de jongeren worden in
    de stuurgroep bekeken"): members of the round's steering group, coordinators of the
    participants, aldermen and the data protection officer. Counts only, never records."""
    if not _is_active(user) or not _screening_scope(user, screening_round):
        return False
    if holds_role(user, Role.DATA_PROTECTION_OFFICER) or holds_role(user, Role.ALDERMAN):
        return True
    if (
        screening_round.steering_group_id
        and screening_round.steering_group.members.filter(user=user).exists()
    ):
        return True
    return _coordinates_for(user, _screening_participant_ids(screening_round))


def can_view_screening_result(user, upload) -> bool:
    """A partner sees only which of its own records were found elsewhere: a contributor or
    higher directly at the organisation that uploaded them."""
    return _is_active(user) and any(
        m.organisation_id == upload.organisation_id and m.rank >= ROLE_RANK[Role.CONTRIBUTOR]
        for m in user.memberships.all()
    )


def screening_rounds_visible_to(user):
    from lokaalwerk.screening.models import ScreeningRound

    if not can_view_screening(user):
        return ScreeningRound.objects.none()
    scoped = ScreeningRound.objects.filter(screening_round_scope_q(user))
    if (
        user.is_superuser
        or has_role(user, Role.COORDINATOR)
        or holds_role(user, Role.DATA_PROTECTION_OFFICER)
        or holds_role(user, Role.ALDERMAN)
    ):
        return scoped
    from django.db.models import Q

    return scoped.filter(
        Q(organisations__in=member_organisation_ids(user)) | Q(steering_group__members__user=user)
    ).distinct()
