"""The local government: the scope of everything that is not public (docs/adr/0011).

One instance serves several local governments (a cluster, a region). Every organisation works
in one local government (``Organisation.local_government``) or is regional (empty: VDAB's head
office and its units). Objects reach their local government through their agreement, their
organisation or their municipality; an object that reaches none is regional and shared. Members
see only what lies in their local governments; what is published stays public. The rules in
``policies.py`` use these primitives; nothing else should.
"""

from __future__ import annotations

from .constants import Role


def _is_active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def local_government_ids(user) -> frozenset[int]:
    """The local governments a user works in: for each membership, the first organisation in
    its lineage placed in a local government; a membership at a regional organisation gives the
    local governments of the agreements that organisation (or one it is part of) is a party
    to. Superusers work in all. Cached on the user for one request."""
    if not _is_active(user):
        return frozenset()
    cached = getattr(user, "_local_government_ids", None)
    if cached is not None:
        return cached
    from lokaalwerk.accounts.constants import OrganisationKind
    from lokaalwerk.accounts.models import Organisation
    from lokaalwerk.agreements.models import Agreement

    if user.is_superuser:
        ids = set(
            Organisation.objects.filter(kind=OrganisationKind.LOCAL_GOVERNMENT).values_list(
                "pk", flat=True
            )
        )
    else:
        ids, regional = set(), set()
        for membership in user.memberships.select_related("organisation__parent__parent"):
            node, lineage = membership.organisation, []
            while node is not None and node.pk not in lineage and not _placed_in(node):
                lineage.append(node.pk)
                node = node.parent
            if node is not None and _placed_in(node):
                ids.add(_placed_in(node))
            else:
                regional.update(lineage)
        if regional:
            ids.update(
                Agreement.objects.filter(
                    parties__organisation_id__in=regional, local_government__isnull=False
                ).values_list("local_government_id", flat=True)
            )
            # On an instance of one local government, every regional member works in it.
            sole = list(
                Organisation.objects.filter(kind=OrganisationKind.LOCAL_GOVERNMENT).values_list(
                    "pk", flat=True
                )[:2]
            )
            if len(sole) == 1:
                ids.update(sole)
    result = frozenset(ids)
    user._local_government_ids = result
    return result


def _placed_in(organisation) -> int | None:
    """The local government an organisation works in; a local government works in itself."""
    if organisation.local_government_id:
        return organisation.local_government_id
    if organisation.kind == "local_government":
        return organisation.pk
    return None


def in_local_government(user, local_government_id: int | None) -> bool:
    """An object placed in no local government is regional and shared; otherwise the user
    must work in its local government."""
    if not _is_active(user):
        return False
    if local_government_id is None or user.is_superuser:
        return True
    return local_government_id in local_government_ids(user)


def local_government_q(user, path: str):
    """The filter for rows whose local government, reached through ``path``, is one of the
    user's or none (regional rows are shared)."""
    from django.db.models import Q

    if _is_active(user) and user.is_superuser:
        return Q()
    return Q(**{f"{path}__in": local_government_ids(user)}) | Q(**{f"{path}__isnull": True})


def foreign_municipality_ids(user):
    """Municipalities covered only by agreements of local governments the user does not work
    in: what lies there (vacancies, locations) belongs to those local governments."""
    from lokaalwerk.geography.models import Municipality

    if _is_active(user) and user.is_superuser:
        return Municipality.objects.none().values("pk")
    return (
        Municipality.objects.filter(agreements__local_government__isnull=False)
        .exclude(agreements__local_government__in=local_government_ids(user))
        .values("pk")
    )


def foreign_area_codes(user):
    """The codes of the municipality areas of ``foreign_municipality_ids``."""
    from lokaalwerk.geography.models import Municipality

    return Municipality.objects.filter(pk__in=foreign_municipality_ids(user)).values("nis_code")


def client_in_local_government(user, client) -> bool:
    """A client belongs to the local governments of the organisations that serve, referred or
    received them or recorded their consent; a client reached only through regional
    organisations is shared."""
    from django.db.models import Q

    from lokaalwerk.accounts.models import Organisation

    if not _is_active(user):
        return False
    if user.is_superuser:
        return True
    placed = set(
        Organisation.objects.filter(
            Q(client_relationships__client=client)
            | Q(sent_referrals__client=client)
            | Q(received_referrals__client=client)
            | Q(recorded_consents__client=client),
            local_government__isnull=False,
        ).values_list("local_government_id", flat=True)
    )
    return not placed or bool(placed & local_government_ids(user))


def referral_scope_q(user, prefix: str = ""):
    """Referrals (or rows reached through ``prefix``) in the user's local governments: the
    sending or the receiving organisation works there; one between regional organisations
    only is shared. For figures, which name no client."""
    from django.db.models import Q

    if _is_active(user) and user.is_superuser:
        return Q()
    mine = local_government_ids(user)
    send, receive = f"{prefix}sending_organisation__", f"{prefix}receiving_organisation__"
    return (
        Q(**{f"{send}local_government__in": mine})
        | Q(**{f"{receive}local_government__in": mine})
        | Q(
            **{
                f"{send}local_government__isnull": True,
                f"{receive}local_government__isnull": True,
            }
        )
    )


def municipalities_for(user):
    """The municipalities a user's forms offer: those not claimed by another local
    government's agreement."""
    from lokaalwerk.geography.models import Municipality

    return Municipality.objects.exclude(pk__in=foreign_municipality_ids(user))


def organisations_working_in(agreement):
    """The organisations a body, a follow-up or an action of this agreement can name: those
    of its local government and the regional ones."""
    from django.db.models import Q

    from lokaalwerk.accounts.models import Organisation

    if agreement is None or agreement.local_government_id is None:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        Q(local_government_id=agreement.local_government_id) | Q(local_government__isnull=True)
    )


def users_working_in(agreement):
    """Active members of the organisations that work in the agreement's local government or
    regionally: the people who can own its actions."""
    from lokaalwerk.accounts.models import User

    return User.objects.filter(
        is_active=True,
        memberships__organisation__in=organisations_working_in(agreement).values("pk"),
    ).distinct()


def popup_slot_holders(user):
    """Who holds and who hosts a slot a coordinator sets up: VDAB's unit in the coordinator's
    local government (else VDAB) holds it, the coordinator's own organisation outside VDAB (else
    a department of the local government) hosts it."""
    from lokaalwerk.accounts.constants import OrganisationKind
    from lokaalwerk.accounts.models import Organisation

    own = [m.organisation for m in user.memberships.all() if m.role == Role.COORDINATOR]
    mine = local_government_ids(user)

    def employment(org) -> bool:
        node, seen = org, set()
        while node is not None and node.pk not in seen:
            if node.kind == OrganisationKind.EMPLOYMENT_SERVICE:
                return True
            seen.add(node.pk)
            node = node.parent
        return False

    placed = Organisation.objects.filter(local_government__in=mine).order_by("pk")
    vdab = next((o for o in own if employment(o)), None) or next(
        (o for o in placed if employment(o)), None
    )
    if vdab is None:
        vdab = Organisation.objects.filter(
            kind=OrganisationKind.EMPLOYMENT_SERVICE, parent__isnull=True
        ).first()
    host = (
        next((o for o in own if not employment(o)), None)
        or placed.filter(kind=OrganisationKind.DEPARTMENT).first()
    )
    fallback = own[0] if own else None
    return vdab or fallback, host or fallback


def popup_slot_scope_q(user):
    """A pop-up slot lies in the local government of its host (the place), or of the
    organisation holding it when it has no placed host."""
    from django.db.models import Q

    if _is_active(user) and user.is_superuser:
        return Q()
    return Q(host__local_government__in=local_government_ids(user)) | Q(
        local_government_q(user, "organisation__local_government"),
        Q(host__isnull=True) | Q(host__local_government__isnull=True),
    )


def screening_round_scope_q(user):
    """Screening rounds in the user's local governments: through the steering group's agreement,
    else through the participants; a round of regional participants only is shared."""
    from django.db.models import Q

    from lokaalwerk.screening.models import ScreeningRound

    if _is_active(user) and user.is_superuser:
        return Q()
    mine = local_government_ids(user)
    by_body = Q(steering_group__agreement__local_government__isnull=False)
    placed = ScreeningRound.objects.filter(organisations__local_government__isnull=False)
    return Q(by_body, steering_group__agreement__local_government__in=mine) | Q(
        ~by_body,
        Q(pk__in=placed.filter(organisations__local_government__in=mine).values("pk"))
        | ~Q(pk__in=placed.values("pk")),
    )
