"""Open Referral HSDS 3.0: the catalogue as a public, standard service directory.

Offers and published directory entries become HSDS services; the provider or owner becomes the
organization; target groups and directory kinds are published as two HSDS taxonomies, linked
to services through attributes. Every HSDS object needs a UUID: models that carry one use it,
nested objects (phones, schedules, addresses …) get a stable UUID derived from what they are,
so a consumer sees the same identifier on every harvest.
"""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, Q, QuerySet

from lokaalwerk.accounts.models import Organisation

from .constants import DirectoryKind
from .models import DirectoryEntry, Location, Offer, OpeningHours, TargetGroup

HSDS_VERSION = "3.0"
NAMESPACE = uuid.UUID("6f1c3a52-8f63-4f0e-9a7e-2b1d9c0e5a11")
WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def stable_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


TARGET_GROUP_TAXONOMY = {
    "id": stable_id("taxonomy", "target-groups"),
    "name": "Lokaal Werk doelgroepen",
    "description": "Target groups (doelgroepen) of the offers in the shared catalogue of a "
    "Flemish local government and VDAB.",
    "version": "1",
}
KIND_TAXONOMY = {
    "id": stable_id("taxonomy", "directory-kinds"),
    "name": "Lokaal Werk directory kinds",
    "description": "Kinds of places in the public directory: wifi, computers, childcare, "
    "Dutch courses, mobility support, pop-up hours, training centres.",
    "version": "1",
}
TAXONOMIES = [TARGET_GROUP_TAXONOMY, KIND_TAXONOMY]


def organisation_id(organisation: Organisation) -> str:
    return stable_id("organisation", organisation.slug)


# --- Querysets ------------------------------------------------------------------------------

_HOURS = Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens"))


def exported_offers() -> QuerySet[Offer]:
    """Offers are public in HSDS: descriptions of services, no personal data (action 2.3)."""
    return (
        Offer.objects.filter(is_active=True)
        .select_related("provider__parent")
        .prefetch_related(
            "target_groups",
            "languages",
            _HOURS,
            Prefetch("locations", queryset=Location.objects.select_related("municipality")),
        )
        .order_by("pk")
    )


def exported_entries() -> QuerySet[DirectoryEntry]:
    return (
        DirectoryEntry.objects.published()
        .select_related("owner__parent", "location__municipality")
        .prefetch_related("languages", _HOURS)
        .order_by("pk")
    )


def exported_organisations() -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(
            Q(offers__is_active=True) | Q(directory_entries__is_published=True)
        )
        .select_related("parent")
        .distinct()
        .order_by("pk")
    )


# --- Objects --------------------------------------------------------------------------------


def organization(org: Organisation, *, services: list[dict] | None = None) -> dict:
    data = {
        "id": organisation_id(org),
        "name": org.name,
        "description": org.legal_name or org.name,
    }
    if org.legal_name:
        data["alternate_name"] = org.legal_name
    if org.parent_id:
        data["parent_organization_id"] = organisation_id(org.parent)
    if services is not None:
        data["services"] = services
    return data


def taxonomy_term_for_group(group: TargetGroup) -> dict:
    return {
        "id": str(group.uuid),
        "code": group.code,
        "name": group.name,
        "description": group.description or group.name,
        "taxonomy": TARGET_GROUP_TAXONOMY["name"],
        "taxonomy_id": TARGET_GROUP_TAXONOMY["id"],
        "language": "nl",
    }


def taxonomy_term_for_kind(kind: str) -> dict:
    label = DirectoryKind(kind).label
    return {
        "id": stable_id("directory-kind", kind),
        "code": kind,
        "name": str(label),
        "description": str(label),
        "taxonomy": KIND_TAXONOMY["name"],
        "taxonomy_id": KIND_TAXONOMY["id"],
        "language": "en",
    }


def all_taxonomy_terms() -> list[dict]:
    terms = [taxonomy_term_for_group(g) for g in TargetGroup.objects.order_by("name")]
    terms += [taxonomy_term_for_kind(kind) for kind in DirectoryKind.values]
    return terms


def _attribute(service_id: str, term: dict) -> dict:
    return {
        "id": stable_id("attribute", service_id, term["id"]),
        "link_id": service_id,
        "link_type": "taxonomy",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def _schedule(service_id: str, slot: OpeningHours, *, kind: str) -> dict:
    data = {
        "id": stable_id("schedule", kind, slot.pk),
        "service_id": service_id,
        "freq": "WEEKLY",
        "wkst": "MO",
        "byday": WEEKDAY_CODES[slot.weekday],
        "opens_at": slot.opens.strftime("%H:%M"),
        "closes_at": slot.closes.strftime("%H:%M"),
        "description": f"{WEEKDAY_CODES[slot.weekday]} {slot.opens:%H:%M}-{slot.closes:%H:%M}",
    }
    if slot.note:
        data["notes"] = slot.note
    return data


def location(loc: Location) -> dict:
    municipality = loc.municipality
    data = {
        "id": str(loc.uuid),
        "location_type": "physical",
        "name": loc.name,
        "addresses": [
            {
                "id": stable_id("address", loc.uuid),
                "location_id": str(loc.uuid),
                "address_1": loc.street,
                "city": municipality.name_nl,
                "state_province": municipality.province_name or municipality.region_name or "-",
                "postal_code": loc.postal_code,
                "country": "BE",
                "address_type": "physical",
            }
        ],
        "external_identifier": municipality.nis_code,
        "external_identifier_type": "NIS code of the municipality",
    }
    if loc.latitude is not None and loc.longitude is not None:
        data["latitude"] = float(loc.latitude)
        data["longitude"] = float(loc.longitude)
    if loc.accessibility:
        data["accessibility"] = [
            {
                "id": stable_id("accessibility", loc.uuid),
                "location_id": str(loc.uuid),
                "description": loc.accessibility,
            }
        ]
    return data


def _service_at_location(service_id: str, loc: Location, *, with_service: dict | None = None):
    data = {
        "id": stable_id("service-at-location", service_id, loc.uuid),
        "service_id": service_id,
        "location_id": str(loc.uuid),
        "location": location(loc),
    }
    if with_service is not None:
        data["service"] = with_service
    return data


def _languages(service_id: str, languages) -> list[dict]:
    return [
        {
            "id": stable_id("language", service_id, lang.code),
            "service_id": service_id,
            "name": lang.name,
            "code": lang.code,
        }
        for lang in languages
    ]


def _phones(service_id: str, number: str) -> list[dict]:
    if not number:
        return []
    return [{"id": stable_id("phone", service_id), "service_id": service_id, "number": number}]


def _eligibility_text(offer: Offer) -> str:
    from .constants import ClientStatus

    parts = []
    if offer.eligible_statuses:
        parts.append(
            "Situation: " + ", ".join(str(ClientStatus(s).label) for s in offer.eligible_statuses)
        )
    if offer.dutch_level_min:
        parts.append(f"Dutch level at least {offer.dutch_level_min}")
    if offer.eligibility_notes:
        parts.append(offer.eligibility_notes)
    return ". ".join(parts)


def _offer_core(offer: Offer) -> dict:
    service_id = str(offer.uuid)
    data = {
        "id": service_id,
        "organization_id": organisation_id(offer.provider),
        "name": offer.name,
        "description": offer.description,
        "status": "active" if offer.is_active else "inactive",
        "assured_date": offer.last_checked_on.isoformat(),
        "last_modified": offer.updated_at.isoformat(),
    }
    optional = {
        "alternate_name": offer.summary,
        "url": offer.url,
        "email": offer.email,
        "application_process": offer.how_to_refer,
        "eligibility_description": _eligibility_text(offer),
        "wait_time": f"{offer.waiting_list} people on the waiting list"
        if offer.waiting_list
        else "",
    }
    data.update({k: v for k, v in optional.items() if v})
    if offer.age_min is not None:
        data["minimum_age"] = offer.age_min
    if offer.age_max is not None:
        data["maximum_age"] = offer.age_max
    return data


def _entry_core(entry: DirectoryEntry) -> dict:
    service_id = str(entry.uuid)
    data = {
        "id": service_id,
        "organization_id": organisation_id(entry.owner),
        "name": entry.name,
        "description": entry.description or entry.get_kind_display(),
        "status": "active",
        "assured_date": entry.last_checked_on.isoformat(),
        "last_modified": entry.updated_at.isoformat(),
    }
    if entry.url:
        data["url"] = entry.url
    if entry.is_free:
        data["fees_description"] = "Free of charge"
    return data


def offer_service(offer: Offer, *, full: bool = True) -> dict:
    data = _offer_core(offer)
    if not full:
        return data
    service_id = data["id"]
    data["organization"] = organization(offer.provider)
    data["phones"] = _phones(service_id, offer.phone)
    data["schedules"] = [_schedule(service_id, s, kind="offer") for s in offer.opening_hours.all()]
    data["service_at_locations"] = [
        _service_at_location(service_id, loc) for loc in offer.locations.all()
    ]
    data["languages"] = _languages(service_id, offer.languages.all())
    data["attributes"] = [
        _attribute(service_id, taxonomy_term_for_group(g)) for g in offer.target_groups.all()
    ]
    return data


def entry_service(entry: DirectoryEntry, *, full: bool = True) -> dict:
    data = _entry_core(entry)
    if not full:
        return data
    service_id = data["id"]
    data["organization"] = organization(entry.owner)
    data["phones"] = _phones(service_id, entry.phone)
    data["schedules"] = [_schedule(service_id, s, kind="entry") for s in entry.opening_hours.all()]
    data["service_at_locations"] = [_service_at_location(service_id, entry.location)]
    data["languages"] = _languages(service_id, entry.languages.all())
    data["attributes"] = [_attribute(service_id, taxonomy_term_for_kind(entry.kind))]
    return data


def services_at_locations(offers, entries, *, full: bool) -> list[dict]:
    """One row per service and place; ``full`` nests the (one-to-one) service as well."""
    rows = []
    for offer in offers:
        for loc in offer.locations.all():
            service = _offer_core(offer) if full else None
            row = _service_at_location(str(offer.uuid), loc, with_service=service)
            if not full:
                row.pop("location")
            rows.append(row)
    for entry in entries:
        service = _entry_core(entry) if full else None
        row = _service_at_location(str(entry.uuid), entry.location, with_service=service)
        if not full:
            row.pop("location")
        rows.append(row)
    return rows
