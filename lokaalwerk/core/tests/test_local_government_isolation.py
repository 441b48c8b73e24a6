"""Two local governments on one instance: nothing of one reaches the other's users beyond what
both publish.

Mechelen and Leuven are loaded once for this module. Every URL pattern of the project (the
Django admin aside) is requested by every persona of one government with the other's ids, and
every page without ids is requested as is: objects answer 403/404 (or send an anonymous visitor
to sign in), and no answer contains a marker of the other government's records that are not
public. A pattern added later must be given its arguments below, or this test fails.
"""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lokaalwerk.core.testing_local_governments import PERSONAS, local_government_build

# --- What each URL pattern is filled with ----------------------------------------------------
# For a pattern with arguments, the function takes the other government's data (``o``) and the
# requesting user (``me``) and returns the arguments naming one of the other government's
# records. DENIED patterns must answer 403, 404, 405 or a sign-in redirect; PUBLIC patterns
# name what is public anyway (figures, published entries, explanations) and are only searched
# for markers.

DENIED = {
    "accounts:organisation-detail": lambda o, me: {"slug": o.organisations["sociaal-huis"].slug},
    "agreements:import-preview": lambda o, me: {"pk": o.objects["agreement_import"].pk},
    "agreements:import-confirm": lambda o, me: {"pk": o.objects["agreement_import"].pk},
    "agreements:detail": lambda o, me: {"slug": o.agreement.slug},
    "agreements:action": lambda o, me: {"slug": o.agreement.slug, "code": "1.1"},
    "results:approvals": lambda o, me: {"slug": o.agreement.slug},
    "results:review": lambda o, me: {
        "slug": o.agreement.slug,
        "pk": o.objects["progress_update"].pk,
    },
    "results:overdue": lambda o, me: {"slug": o.agreement.slug},
    "results:periods": lambda o, me: {"slug": o.agreement.slug},
    "results:evidence": lambda o, me: {
        "slug": o.agreement.slug,
        "pk": o.objects["progress_update"].pk,
    },
    "results:principles": lambda o, me: {"slug": o.agreement.slug},
    "results:rollup": lambda o, me: {"slug": o.agreement.slug},
    "results:rollup-rule": lambda o, me: {
        "slug": o.agreement.slug,
        "node_type": "action",
        "node_id": o.objects["action"].pk,
    },
    "results:publication": lambda o, me: {"slug": o.agreement.slug},
    "results:snapshots": lambda o, me: {"slug": o.agreement.slug},
    "results:snapshot-compare": lambda o, me: {"slug": o.agreement.slug},
    "results:snapshot": lambda o, me: {"slug": o.agreement.slug, "pk": o.objects["snapshot"].pk},
    "results:export": lambda o, me: {"slug": o.agreement.slug, "fmt": "csv"},
    "results:import": lambda o, me: {"slug": o.agreement.slug},
    "results:next": lambda o, me: {"slug": o.agreement.slug},
    "results:update": lambda o, me: {"slug": o.agreement.slug, "code": "1.1"},
    "results:unchanged": lambda o, me: {"slug": o.agreement.slug, "code": "1.1"},
    "results:owners": lambda o, me: {"slug": o.agreement.slug, "code": "1.1"},
    "results:milestone-add": lambda o, me: {"slug": o.agreement.slug, "code": "1.1"},
    "results:milestone-edit": lambda o, me: {
        "slug": o.agreement.slug,
        "code": "1.1",
        "pk": o.objects["milestone"].pk,
    },
    "results:assess": lambda o, me: {"slug": o.agreement.slug, "code": "1.1"},
    # The public page of an agreement that was not published.
    "results:public": lambda o, me: {"slug": o.agreement.slug},
    "governance:body": lambda o, me: {"pk": o.objects["body"].pk},
    "governance:meeting-create": lambda o, me: {"pk": o.objects["body"].pk},
    "governance:body-feed": lambda o, me: {"pk": o.objects["body"].pk},
    "governance:meeting": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance:meeting-update": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance:meeting-cancel": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance:invite": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance:attendance": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance:agenda-add": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance:agenda-accept": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance:minutes": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance:minutes-approve": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance:publish": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance:decision-create": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance:follow-up-create": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance:follow-up-status": lambda o, me: {"pk": o.objects["follow_up"].pk},
    "governance:pack-build": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance:pack": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance:pack-pdf": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance:reply": lambda o, me: {"pk": o.objects["invitation"].pk},
    "governance:plan-history": lambda o, me: {"slug": o.agreement.slug},
    # The requester's own feed token with the other government's body.
    "governance:token-body-feed": lambda o, me: {
        "token": _own_token(me),
        "pk": o.objects["body"].pk,
    },
    "indicators:target-update": lambda o, me: {"pk": o.objects["target"].pk},
    "indicators:import-job": lambda o, me: {"pk": o.objects["observation_import_job"].pk},
    "catalogue:vacancy-import-job": lambda o, me: {"pk": o.objects["vacancy_import_job"].pk},
    "indicators:target-delete": lambda o, me: {"pk": o.objects["target"].pk},
    "referrals:message-read": lambda o, me: {"pk": o.objects["inbox_message"].pk},
    "referrals:detail": lambda o, me: {"pk": o.objects["referral"].pk},
    "referrals:transition": lambda o, me: {"pk": o.objects["referral"].pk},
    "referrals:client-detail": lambda o, me: {"pk": o.objects["client"].pk},
    "referrals:client-edit": lambda o, me: {"pk": o.objects["client"].pk},
    "referrals:consent-create": lambda o, me: {"pk": o.objects["client"].pk},
    "referrals:client-export-json": lambda o, me: {"pk": o.objects["client"].pk},
    "referrals:client-export-pdf": lambda o, me: {"pk": o.objects["client"].pk},
    "referrals:client-erase": lambda o, me: {"pk": o.objects["client"].pk},
    "referrals:consent-withdraw": lambda o, me: {"pk": o.objects["consent"].pk},
    "referrals:consent-form": lambda o, me: {"pk": o.objects["consent"].pk},
    "referrals:popup-attendance": lambda o, me: {"pk": o.objects["booking"].pk},
    "referrals:popup-cancel": lambda o, me: {"pk": o.objects["booking"].pk},
    # The unpublished entry; the published one is checked as public below.
    "catalogue:directory-entry": lambda o, me: {"uuid": o.objects["directory_entry"].uuid},
    "catalogue:offer-detail": lambda o, me: {"slug": o.objects["offer"].slug},
    "catalogue:offer-edit": lambda o, me: {"slug": o.objects["offer"].slug},
    "catalogue:inclusion-cell": lambda o, me: {
        "slug": o.objects["offer"].slug,
        "code": o.objects["target_group"].code,
    },
    "catalogue:directory-entry-edit": lambda o, me: {"uuid": o.objects["directory_entry"].uuid},
    "catalogue:directory-entry-check": lambda o, me: {"uuid": o.objects["directory_entry"].uuid},
    "catalogue:vacancy-detail": lambda o, me: {"pk": o.objects["vacancy"].pk},
    # The inactive offer is not exported; the unpublished entry neither.
    "catalogue:hsds-service": lambda o, me: {"id": str(o.objects["offer"].uuid)},
    "screening:round": lambda o, me: {"pk": o.objects["screening_round"].pk},
    "screening:approve": lambda o, me: {"pk": o.objects["screening_round"].pk},
    "screening:upload": lambda o, me: {"pk": o.objects["screening_round"].pk},
    "screening:link": lambda o, me: {"pk": o.objects["screening_round"].pk},
    "screening:close": lambda o, me: {"pk": o.objects["screening_round"].pk},
    "screening:counts": lambda o, me: {"pk": o.objects["screening_round"].pk},
    "screening:result": lambda o, me: {
        "pk": o.objects["screening_round"].pk,
        "organisation": o.organisations["sociaal-huis"].slug,
    },
    "screening:result-download": lambda o, me: {
        "pk": o.objects["screening_round"].pk,
        "organisation": o.organisations["sociaal-huis"].slug,
    },
    "screening:follow-up": lambda o, me: {
        "pk": o.objects["screening_round"].pk,
        "organisation": o.organisations["sociaal-huis"].slug,
        "record_id": "r1",
    },
    "agreement-detail": lambda o, me: {"slug": o.agreement.slug},
    "action-detail": lambda o, me: {"pk": o.objects["action"].pk},
    "organisation-detail": lambda o, me: {"slug": o.organisations["sociaal-huis"].slug},
    "results-progress-update-detail": lambda o, me: {"pk": o.objects["progress_update"].pk},
    "results-milestone-detail": lambda o, me: {"pk": o.objects["milestone"].pk},
    "results-snapshot-detail": lambda o, me: {"pk": o.objects["snapshot"].pk},
    "governance-body-detail": lambda o, me: {"pk": o.objects["body"].pk},
    "governance-meeting-detail": lambda o, me: {"pk": o.objects["meeting"].pk},
    "governance-agenda-item-detail": lambda o, me: {"pk": o.objects["agenda_item"].pk},
    "governance-decision-detail": lambda o, me: {"pk": o.objects["decision"].pk},
    "governance-follow-up-detail": lambda o, me: {"pk": o.objects["follow_up"].pk},
    "referrals-client-detail": lambda o, me: {"pk": o.objects["client"].pk},
    "referrals-consent-detail": lambda o, me: {"pk": o.objects["consent"].pk},
    "referrals-consent-withdraw": lambda o, me: {"pk": o.objects["consent"].pk},
    "referrals-referral-detail": lambda o, me: {"pk": o.objects["referral"].pk},
    "referrals-referral-transition": lambda o, me: {"pk": o.objects["referral"].pk},
    "referrals-booking-detail": lambda o, me: {"pk": o.objects["booking"].pk},
    "catalogue-offer-detail": lambda o, me: {"slug": o.objects["offer"].slug},
    "catalogue-directory-entry-detail": lambda o, me: {"uuid": o.objects["directory_entry"].uuid},
    "catalogue-vacancy-detail": lambda o, me: {"pk": o.objects["vacancy"].pk},
    "screening-round-detail": lambda o, me: {"pk": o.objects["screening_round"].pk},
    "screening-round-counts": lambda o, me: {"pk": o.objects["screening_round"].pk},
    "screening-round-result": lambda o, me: {"pk": o.objects["screening_round"].pk},
    "screening-round-uploads": lambda o, me: {"pk": o.objects["screening_round"].pk},
}

PUBLIC = {
    # Figures are public aggregates; the page of the other government's municipality may show
    # them, but not that government's targets, actions or notes.
    "indicators:dashboard": lambda o, me: {"area_code": o.municipality_code},
    "indicators:series-csv": lambda o, me: {
        "area_code": o.municipality_code,
        "code": "wzw-jongeren",
    },
    "api:indicators-dashboard": None,
    "indicators-dashboard": lambda o, me: {"area_code": o.municipality_code},
    "indicators-indicator-detail": lambda o, me: {"code": "wzw-jongeren"},
    "indicators-observation-detail": lambda o, me: {"pk": 0},
    "municipality-detail": lambda o, me: {"nis_code": o.municipality_code},
    # A pending figures import lives in the importer's own session: another token is unknown.
    "indicators:import-preview": lambda o, me: {"token": "unknown-token"},
    # The requester's own calendar feed: it must hold nothing of the other government.
    "governance:personal-feed": lambda o, me: {"token": _own_token(me)},
    "referrals:consent-explanation": lambda o, me: {"purpose": "referral"},
    # HSDS publishes active offers and published entries: the published entry is public.
    "catalogue:hsds-organization": lambda o, me: {"id": "00000000-0000-0000-0000-000000000000"},
    "catalogue:hsds-service-at-location": lambda o, me: {
        "id": str(o.objects["published_entry"].uuid)
    },
    "catalogue:hsds-taxonomy": lambda o, me: {"id": "00000000-0000-0000-0000-000000000000"},
    "catalogue:hsds-taxonomy-term": lambda o, me: {"id": "00000000-0000-0000-0000-000000000000"},
}
PUBLIC.pop("api:indicators-dashboard")

#: Patterns that serve no records at all.
WITHOUT_DATA = {
    "accounts:logout",  # signs out
    "set_language",  # switches the language
    "api-schema",  # the API's description
    "api-docs",  # the viewer of that description
}

DENIED_STATUSES = {403, 404, 405}


def _own_token(user) -> str:
    from lokaalwerk.governance.services import calendar_token_issue

    return calendar_token_issue(user=user).token if user else "no-token"


def _patterns(resolver=None, namespace=""):
    """Every named URL pattern of the project with its argument names, the admin aside."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names = set(entry.pattern.regex.groupindex)
            yield f"{namespace}{entry.name}", names


ALL_PATTERNS = dict(_patterns())


@pytest.fixture(scope="module")
def governments(django_db_setup, django_db_blocker):
    """Mechelen and Leuven, loaded once and rolled back after this module."""
    with django_db_blocker.unblock(), transaction.atomic():
        mechelen = local_government_build(name="Mechelen", nis_code="12025")
        leuven = local_government_build(name="Leuven", nis_code="24062")
        mechelen.municipality_code, leuven.municipality_code = "12025", "24062"
        yield {"Mechelen": mechelen, "Leuven": leuven}
        transaction.set_rollback(True)


def _other(governments, name):
    return governments["Leuven" if name == "Mechelen" else "Mechelen"]


def _markers(data) -> list[str]:
    return [data.marker]


def _fetch(client, url):
    response = client.get(url, HTTP_ACCEPT="text/html,application/json")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode("utf-8", errors="replace")


def test_every_pattern_is_filled():
    """A pattern added later must be placed in one of the maps above."""
    known = set(DENIED) | set(PUBLIC) | WITHOUT_DATA
    missing = [name for name, args in ALL_PATTERNS.items() if args and name not in known]
    assert not missing, f"Give these patterns the other government's ids: {missing}"
    stale = known - set(ALL_PATTERNS)
    assert not stale, f"These names are no pattern any more: {stale}"


def _check_persona(client, governments, side, user):
    other = _other(governments, side)
    markers = _markers(other)
    problems = []
    for name, args in sorted(ALL_PATTERNS.items()):
        if name in WITHOUT_DATA:
            continue
        fill = DENIED.get(name) or PUBLIC.get(name)
        kwargs = fill(other, user) if args else {}
        url = reverse(name, kwargs=kwargs)
        response, text = _fetch(client, url)
        where = f"{name} {url} → {response.status_code}"
        if response.status_code >= 500:
            problems.append(f"{where}: server error")
            continue
        if args and name in DENIED:
            signin = response.status_code == 302 and "/accounts/login/" in response.get(
                "Location", ""
            )
            if response.status_code not in DENIED_STATUSES and not (user is None and signin):
                problems.append(f"{where}: answered for another government's record")
        found = [m for m in markers if m in text]
        if found:
            context = re.search(rf".{{0,60}}{re.escape(found[0])}.{{0,30}}", text)
            problems.append(f"{where}: shows {context.group(0) if context else found}")
    return problems


@pytest.mark.parametrize("side", ["Mechelen", "Leuven"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_or_endpoint_shows_the_other_government(db, client, governments, side, persona):
    """Every persona of one government, every page and endpoint, the other's ids."""
    user = governments[side].users[persona]
    client.force_login(user)
    problems = _check_persona(client, governments, side, user)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("side", ["Mechelen", "Leuven"])
@pytest.mark.parametrize("persona", ["coordinator", "caseworker", "dpo"])
def test_every_page_and_endpoint_answers_for_the_own_government(
    db, client, governments, side, persona
):
    """The same patterns filled with the user's own records: no server error anywhere, so a
    scope rule never breaks what the user may do."""
    own = governments[side]
    user = own.users[persona]
    client.force_login(user)
    problems = []
    for name, args in sorted(ALL_PATTERNS.items()):
        if name in WITHOUT_DATA:
            continue
        fill = DENIED.get(name) or PUBLIC.get(name)
        url = reverse(name, kwargs=fill(own, user) if args else {})
        response, _text = _fetch(client, url)
        if response.status_code >= 500:
            problems.append(f"{name} {url} → {response.status_code}")
    assert not problems, "\n".join(problems)


def test_anonymous_visitors_see_only_what_is_published(db, client, governments):
    problems = []
    for side in ("Mechelen", "Leuven"):
        problems += _check_persona(client, governments, side, None)
    assert not problems, "\n".join(problems)


def test_what_is_published_stays_public_for_the_other_government(db, client, governments):
    """The other government's published directory entry and active offer are public: the
    directory and the HSDS export show them to everyone."""
    leuven, mechelen = governments["Leuven"], governments["Mechelen"]
    client.force_login(mechelen.users["viewer"])
    entry = leuven.objects["published_entry"]
    response = client.get(reverse("catalogue:directory-entry", kwargs={"uuid": entry.uuid}))
    assert response.status_code == 200
    assert leuven.public_marker in response.content.decode()
    response = client.get(reverse("catalogue:hsds-services"))
    assert leuven.public_marker in response.content.decode()


FORM_PAGES = [
    # (persona, url name, kwargs from the own government's data)
    ("caseworker", "referrals:create", None),
    ("caseworker", "referrals:consent-create", lambda own: {"pk": own.objects["client"].pk}),
    ("caseworker", "referrals:popup-book", None),
    ("caseworker", "catalogue:offer-create", None),
    ("caseworker", "catalogue:directory-entry-create", None),
    ("caseworker", "catalogue:vacancy-subscription", None),
    ("coordinator", "catalogue:offer-create", None),
    ("coordinator", "screening:create", None),
    ("coordinator", "indicators:target-create", None),
    ("coordinator", "governance:body", lambda own: {"pk": own.objects["body"].pk}),
    ("coordinator", "governance:meeting", lambda own: {"pk": own.objects["meeting"].pk}),
    ("coordinator", "agreements:action", lambda own: {"slug": own.agreement.slug, "code": "1.1"}),
    ("coordinator", "results:owners", lambda own: {"slug": own.agreement.slug, "code": "1.1"}),
]


@pytest.mark.parametrize("side", ["Mechelen", "Leuven"])
@pytest.mark.parametrize(("persona", "name", "kwargs"), FORM_PAGES)
def test_forms_offer_only_the_own_government(db, client, governments, side, persona, name, kwargs):
    """Organisations and municipalities offered in forms are those of the user's local
    government (and the regional ones), never the other government's."""
    own, other = governments[side], _other(governments, side)
    client.force_login(own.users[persona])
    response = client.get(reverse(name, kwargs=kwargs(own) if kwargs else None))
    assert response.status_code == 200
    page = response.content.decode()
    assert own.name in page
    foreign = [org.name for key, org in other.organisations.items() if key != "vdab"]
    offered = [org for org in foreign if org in page]
    # The other government's municipality as a choice (an option or a checkbox label).
    if re.search(rf">\s*{other.name}\s*<", page):
        offered.append(other.name)
    assert not offered, f"{name} offers {offered}"
    assert other.marker not in page


@pytest.mark.parametrize("side", ["Mechelen", "Leuven"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_start_page_counts_only_the_own_government(db, client, governments, side, persona):
    """The start page's panels count what the user's government holds: with the other
    government's records removed from the count, the figures are the same."""
    own = governments[side]
    client.force_login(own.users[persona])
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert _other(governments, side).marker not in text
    alone = _home_numbers(text)
    with transaction.atomic():
        _remove_government(_other(governments, side))
        client.force_login(own.users[persona])
        again = _home_numbers(client.get(reverse("core:home")).content.decode())
        transaction.set_rollback(True)
    assert alone == again


def _home_numbers(text: str) -> list[str]:
    main = text.split("<main", 1)[-1]
    return re.findall(r"\b\d+\b", re.sub(r"<[^>]+>", " ", main))


def _remove_government(data) -> None:
    """Take the other government's records out of every count (inside a rolled-back block)."""
    from lokaalwerk.catalogue.models import Offer, Vacancy
    from lokaalwerk.governance.models import Meeting
    from lokaalwerk.referrals.models import Referral
    from lokaalwerk.results.models import ProgressUpdate
    from lokaalwerk.screening.models import ScreeningRound

    ProgressUpdate.objects.filter(action__agreement=data.agreement).delete()
    Meeting.objects.filter(body__agreement=data.agreement).delete()
    Referral.objects.filter(sending_organisation__in=data.organisations.values()).delete()
    Offer.objects.filter(provider__in=data.organisations.values()).delete()
    Vacancy.objects.filter(pk=data.objects["vacancy"].pk).delete()
    ScreeningRound.objects.filter(pk=data.objects["screening_round"].pk).delete()


@pytest.mark.parametrize("side", ["Mechelen", "Leuven"])
def test_a_calendar_feed_holds_only_the_own_government(db, client, governments, side):
    own, other = governments[side], _other(governments, side)
    user = own.users["coordinator"]
    response = client.get(reverse("governance:personal-feed", kwargs={"token": _own_token(user)}))
    assert response.status_code == 200
    feed = b"".join(response.streaming_content) if response.streaming else response.content
    assert own.marker in feed.decode()
    assert other.marker not in feed.decode()


# --- Figures, lookups and jobs that name no record but count or send them ---------------------


@pytest.mark.parametrize("side", ["Mechelen", "Leuven"])
def test_referral_statistics_count_only_the_own_government(db, client, governments, side):
    own = governments[side]
    client.force_login(own.users["coordinator"])
    response = client.get(
        reverse("referrals:statistics"), {"year": own.objects["referral"].sent_at.year}
    )
    # Two of the three referrals built for each government were sent.
    assert response.context["stats"]["total"] == 2


@pytest.mark.parametrize("side", ["Mechelen", "Leuven"])
def test_the_dpo_reads_the_audit_log_of_own_clients_only(db, client, governments, side):
    own, other = governments[side], _other(governments, side)
    client.force_login(own.users["dpo"])
    response = client.get(reverse("referrals:audit"), {"client": other.objects["client"].pk})
    assert response.context["events"] is None
    assert response.context["client"] is None
    response = client.get(reverse("referrals:audit"), {"client": own.objects["client"].pk})
    assert response.context["events"]


def test_the_vacancy_digest_sends_only_the_own_government(
    db, governments, mailoutbox, django_capture_on_commit_callbacks
):
    from lokaalwerk.catalogue.services import vacancy_digest_send, vacancy_subscription_set

    leuven, mechelen = governments["Leuven"], governments["Mechelen"]
    worker = leuven.users["caseworker"]
    vacancy_subscription_set(user=worker, municipalities=[], is_active=True)
    with django_capture_on_commit_callbacks(execute=True):
        vacancy_digest_send()
    sent = [m for m in mailoutbox if worker.email in m.to]
    assert len(sent) == 1
    assert leuven.objects["vacancy"].title in sent[0].body
    assert mechelen.marker not in sent[0].body


@pytest.mark.parametrize("side", ["Mechelen", "Leuven"])
def test_a_coordinator_sets_up_pop_up_slots_in_the_own_government(db, client, governments, side):
    from lokaalwerk.referrals.models import PopUpSlot

    own = governments[side]
    client.force_login(own.users["coordinator"])
    before = set(PopUpSlot.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("referrals:popup-slot-create"),
        {
            "weekday": 3,
            "start_time": "13:00",
            "end_time": "15:00",
            "capacity": 3,
            "active_from": "2026-01-05",
        },
    )
    assert response.status_code == 302
    slot = PopUpSlot.objects.exclude(pk__in=before).get()
    assert slot.host.local_government == own.local_government
    assert slot.organisation == own.organisations["vdab-regio"]


@pytest.mark.parametrize("side", ["Mechelen", "Leuven"])
def test_the_importer_places_every_organisation_in_its_local_government(db, governments, side):
    own = governments[side]
    orgs = own.organisations
    assert own.agreement.local_government == orgs["stad"]
    assert orgs["stad"].local_government == orgs["stad"]
    for key in ("sociaal-huis", "vdab-regio", "werkwinkel", "atheneum"):
        assert orgs[key].local_government == orgs["stad"], key
    # VDAB's head office works with both and stays regional.
    assert orgs["vdab"].local_government is None


def test_a_regional_member_works_in_every_local_government_of_its_agreements(db, governments):
    from lokaalwerk.accounts import policies
    from lokaalwerk.accounts.models import Membership, User

    head_office = governments["Mechelen"].organisations["vdab"]
    user = User.objects.create(username="regional.consultant")
    Membership.objects.create(user=user, organisation=head_office, role="contributor")
    assert policies.local_government_ids(user) == {
        governments["Mechelen"].local_government.pk,
        governments["Leuven"].local_government.pk,
    }


PREDICATES = [
    # (persona, predicate, the record it is asked about)
    ("viewer", "can_view_agreement", lambda d: d.agreement),
    ("viewer", "can_view_action", lambda d: d.objects["action"]),
    ("viewer", "can_view_organisation", lambda d: d.organisations["sociaal-huis"]),
    ("viewer", "can_view_results", lambda d: d.agreement),
    ("coordinator", "can_manage_results", lambda d: d.agreement),
    ("coordinator", "can_write_progress", lambda d: d.objects["action"]),
    ("coordinator", "can_approve_progress", lambda d: d.objects["action"]),
    ("coordinator", "can_view_progress_update", lambda d: d.objects["progress_update"]),
    ("coordinator", "can_manage_meetings", lambda d: d.objects["body"]),
    ("coordinator", "can_view_meetings", lambda d: d.objects["body"]),
    ("caseworker", "can_edit_offer", lambda d: d.objects["offer"]),
    ("coordinator", "can_manage_popup", lambda d: d.objects["popup_slot"]),
    ("coordinator", "can_link_screening_round", lambda d: d.objects["screening_round"]),
    ("alderman", "can_view_screening_counts", lambda d: d.objects["screening_round"]),
    ("dpo", "can_approve_screening_round", lambda d: d.objects["screening_round"]),
    ("dpo", "can_close_screening_round", lambda d: d.objects["screening_round"]),
    ("dpo", "can_erase_client", lambda d: d.objects["client"]),
    ("dpo", "can_view_client_audit_of", lambda d: d.objects["client"]),
]


@pytest.mark.parametrize("side", ["Mechelen", "Leuven"])
@pytest.mark.parametrize(("persona", "predicate", "record"), PREDICATES)
def test_each_predicate_holds_in_the_own_government_only(
    db, governments, side, persona, predicate, record
):
    from lokaalwerk.accounts import policies

    own, other = governments[side], _other(governments, side)
    user = own.users[persona]
    check = getattr(policies, predicate)
    assert check(user, record(own)) is True
    assert check(user, record(other)) is False


@pytest.mark.parametrize("side", ["Mechelen", "Leuven"])
def test_figures_of_the_other_municipality_come_without_its_targets(db, client, governments, side):
    """The figures of every municipality are public; the targets a local government set on
    them are its own."""
    import csv
    import io

    own, other = governments[side], _other(governments, side)
    client.force_login(own.users["coordinator"])

    def targets_in(data) -> list[str]:
        url = reverse(
            "indicators:series-csv",
            kwargs={"area_code": data.municipality_code, "code": "wzw-jongeren"},
        )
        response = client.get(url)
        assert response.status_code == 200
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        assert rows, "the published figure is there"
        return [row["target"] for row in rows if row["target"]]

    assert targets_in(own)
    assert targets_in(other) == []


def test_a_coordinator_cannot_overwrite_the_other_governments_agreement(db, governments):
    from lokaalwerk.agreements.importer import AgreementImportError
    from lokaalwerk.agreements.models import Agreement
    from lokaalwerk.agreements.services import agreement_import
    from lokaalwerk.core.testing_local_governments import agreement_structure

    structure = agreement_structure("Leuven", "leuven", "24062", "gewijzigd")
    with pytest.raises(AgreementImportError):
        agreement_import(structure=structure, actor=governments["Mechelen"].users["coordinator"])
    leuven = governments["Leuven"]
    assert "gewijzigd" not in Agreement.objects.get(pk=leuven.agreement.pk).title
    agreement_import(structure=structure, actor=leuven.users["coordinator"])
    assert "gewijzigd" in Agreement.objects.get(pk=leuven.agreement.pk).title


def test_a_pop_up_slot_at_a_regional_place_belongs_to_the_government_holding_it(db, governments):
    from lokaalwerk.accounts import policies
    from lokaalwerk.referrals.tests.factories import PopUpSlotFactory

    leuven, mechelen = governments["Leuven"], governments["Mechelen"]
    slot = PopUpSlotFactory(
        organisation=leuven.organisations["vdab-regio"], host=leuven.organisations["vdab"]
    )
    visible = policies.popup_slots_visible_to
    assert visible(leuven.users["caseworker"]).filter(pk=slot.pk).exists()
    assert not visible(mechelen.users["caseworker"]).filter(pk=slot.pk).exists()
