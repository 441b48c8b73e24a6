"""The public Open Referral (HSDS 3.0) read API under /api/hsds/.

The paths, parameters and page envelope follow the upstream openapi.json of HSDS 3.0; that
document, not this project's OpenAPI schema, describes this API (see docs/adr)."""

from __future__ import annotations

import datetime as dt
import functools
import math
import uuid

from django.http import Http404, JsonResponse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import make_aware
from django.views.decorators.http import require_GET

from lokaalwerk.accounts.models import Organisation

from .. import hsds
from ..constants import DirectoryKind

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500


class BadParameter(ValueError):
    pass


def _bool(request, name: str) -> bool:
    return request.GET.get(name, "").lower() in {"1", "true", "yes"}


def _paging(request) -> tuple[int, int]:
    try:
        page = int(request.GET.get("page", 1))
        per_page = int(request.GET.get("per_page", DEFAULT_PER_PAGE))
    except ValueError as exc:
        raise BadParameter("page and per_page must be whole numbers") from exc
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise BadParameter(f"page must be at least 1 and per_page between 1 and {MAX_PER_PAGE}")
    return page, per_page


def _page(items_or_total, page: int, per_page: int, contents: list) -> dict:
    total = items_or_total
    return {
        "total_items": total,
        "total_pages": max(1, math.ceil(total / per_page)),
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page * per_page >= total,
        "empty": len(contents) == 0,
        "contents": contents,
    }


def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _errors(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadParameter as exc:
            return _json({"error": str(exc)}, status=400)
        except Http404:
            return _json({"error": "not found"}, status=404)

    return require_GET(wrapped)


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise BadParameter(f"{value!r} is not a UUID") from exc


def _modified_after(request) -> dt.datetime | None:
    raw = request.GET.get("modified_after")
    if not raw:
        return None
    moment = parse_datetime(raw)
    if moment is None:
        day = parse_date(raw)
        if day is None:
            raise BadParameter("modified_after must be an ISO 8601 date or datetime")
        moment = dt.datetime.combine(day, dt.time.min)
    return moment if moment.tzinfo else make_aware(moment)


def _filtered(request):
    """The offers and directory entries a /services or /service_at_locations request asks for."""
    offers, entries = hsds.exported_offers(), hsds.exported_entries()
    search = request.GET.get("search", "").strip()
    if search:
        offers = offers.filter(name__icontains=search) | offers.filter(
            description__icontains=search
        )
        entries = entries.filter(name__icontains=search) | entries.filter(
            description__icontains=search
        )
    taxonomy_id = request.GET.get("taxonomy_id")
    if taxonomy_id == hsds.TARGET_GROUP_TAXONOMY["id"]:
        offers, entries = offers.filter(target_groups__isnull=False), entries.none()
    elif taxonomy_id == hsds.KIND_TAXONOMY["id"]:
        offers = offers.none()
    elif taxonomy_id:
        offers, entries = offers.none(), entries.none()
    term_id = request.GET.get("taxonomy_term_id")
    if term_id:
        kinds = {hsds.stable_id("directory-kind", k): k for k in DirectoryKind.values}
        if term_id in kinds:
            offers, entries = offers.none(), entries.filter(kind=kinds[term_id])
        else:
            offers = offers.filter(target_groups__uuid=_uuid(term_id))
            entries = entries.none()
    organization_id = request.GET.get("organization_id")
    if organization_id:
        org = _organisation(organization_id)
        offers, entries = offers.filter(provider=org), entries.filter(owner=org)
    moment = _modified_after(request)
    if moment is not None:
        offers, entries = (
            offers.filter(updated_at__gte=moment),
            entries.filter(updated_at__gte=moment),
        )
    return offers.distinct(), entries.distinct()


def _organisation(organization_id: str) -> Organisation:
    for org in Organisation.objects.only("pk", "slug"):
        if hsds.organisation_id(org) == organization_id:
            return org
    raise Http404


def _services_page(offers, entries, page: int, per_page: int, *, full: bool):
    keys = [("offer", pk) for pk in offers.values_list("pk", flat=True)]
    keys += [("entry", pk) for pk in entries.values_list("pk", flat=True)]
    chosen = keys[(page - 1) * per_page : page * per_page]
    offer_ids = [pk for kind, pk in chosen if kind == "offer"]
    entry_ids = [pk for kind, pk in chosen if kind == "entry"]
    contents = [hsds.offer_service(o, full=full) for o in offers.filter(pk__in=offer_ids)]
    contents += [hsds.entry_service(e, full=full) for e in entries.filter(pk__in=entry_ids)]
    return _page(len(keys), page, per_page, contents)


@_errors
def index(request):
    return _json(
        {
            "version": hsds.HSDS_VERSION,
            "profile": "https://docs.openreferral.org/en/3.0/",
            "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/"
            "schema/openapi.json",
        }
    )


@_errors
def services(request):
    """Offers and published directory entries; one-to-one fields unless ``full=true``."""
    page, per_page = _paging(request)
    offers, entries = _filtered(request)
    return _json(_services_page(offers, entries, page, per_page, full=_bool(request, "full")))


@_errors
def service_detail(request, id):
    key = _uuid(id)
    offer = hsds.exported_offers().filter(uuid=key).first()
    if offer is not None:
        return _json(hsds.offer_service(offer))
    entry = hsds.exported_entries().filter(uuid=key).first()
    if entry is not None:
        return _json(hsds.entry_service(entry))
    raise Http404


@_errors
def organizations(request):
    page, per_page = _paging(request)
    queryset = hsds.exported_organisations()
    search = request.GET.get("search", "").strip()
    if search:
        queryset = queryset.filter(name__icontains=search)
    total = queryset.count()
    chosen = list(queryset[(page - 1) * per_page : page * per_page])
    full_service = _bool(request, "full_service")
    full = _bool(request, "full") or full_service
    services_by_org: dict[int, list[dict]] = {}
    if full:
        ids = [org.pk for org in chosen]
        for offer in hsds.exported_offers().filter(provider_id__in=ids):
            services_by_org.setdefault(offer.provider_id, []).append(
                hsds.offer_service(offer, full=full_service)
            )
        for entry in hsds.exported_entries().filter(owner_id__in=ids):
            services_by_org.setdefault(entry.owner_id, []).append(
                hsds.entry_service(entry, full=full_service)
            )
    contents = [
        hsds.organization(org, services=services_by_org.get(org.pk, []) if full else None)
        for org in chosen
    ]
    return _json(_page(total, page, per_page, contents))


@_errors
def organization_detail(request, id):
    org = _organisation(id)
    if not hsds.exported_organisations().filter(pk=org.pk).exists():
        raise Http404
    org = Organisation.objects.select_related("parent").get(pk=org.pk)
    full_service = _bool(request, "full_service")
    services_list = [
        hsds.offer_service(o, full=full_service)
        for o in hsds.exported_offers().filter(provider=org)
    ] + [
        hsds.entry_service(e, full=full_service) for e in hsds.exported_entries().filter(owner=org)
    ]
    return _json(hsds.organization(org, services=services_list))


@_errors
def service_at_locations(request):
    page, per_page = _paging(request)
    offers, entries = _filtered(request)
    rows = hsds.services_at_locations(offers, entries, full=_bool(request, "full"))
    chosen = rows[(page - 1) * per_page : page * per_page]
    return _json(_page(len(rows), page, per_page, chosen))


@_errors
def taxonomies(request):
    page, per_page = _paging(request)
    items = hsds.TAXONOMIES
    search = request.GET.get("search", "").strip().lower()
    if search:
        items = [t for t in items if search in t["name"].lower()]
    chosen = items[(page - 1) * per_page : page * per_page]
    return _json(_page(len(items), page, per_page, chosen))


@_errors
def taxonomy_terms(request):
    page, per_page = _paging(request)
    terms = hsds.all_taxonomy_terms()
    taxonomy_id = request.GET.get("taxonomy_id")
    if taxonomy_id:
        terms = [t for t in terms if t["taxonomy_id"] == taxonomy_id]
    if request.GET.get("parent_id"):
        terms = []  # the published taxonomies are flat
    search = request.GET.get("search", "").strip().lower()
    if search:
        terms = [t for t in terms if search in t["name"].lower() or search in t["code"].lower()]
    chosen = terms[(page - 1) * per_page : page * per_page]
    return _json(_page(len(terms), page, per_page, chosen))


@_errors
def service_at_location_detail(request, id):
    offers, entries = hsds.exported_offers(), hsds.exported_entries()
    for row in hsds.services_at_locations(offers, entries, full=True):
        if row["id"] == id:
            return _json(row)
    raise Http404


@_errors
def taxonomy_detail(request, id):
    for taxonomy in hsds.TAXONOMIES:
        if taxonomy["id"] == id:
            return _json(taxonomy)
    raise Http404


@_errors
def taxonomy_term_detail(request, id):
    for term in hsds.all_taxonomy_terms():
        if term["id"] == id:
            return _json(term)
    raise Http404
