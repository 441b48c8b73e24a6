"""Subject access (GDPR art. 15): everything Lokaal Werk holds on one person, as JSON and PDF.

The export holds the client record, the organisations serving them, consents, referrals with
their steps, pop-up bookings, and who read the file (the recipients, art. 15(1)(c)).
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from lokaalwerk.accounts import policies
from lokaalwerk.audit.services import record

from .models import Client
from .selectors import client_audit_events

_FONT = "LokaalWerkVera"


def _dt(value) -> str | None:
    if value is None:
        return None
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).isoformat(timespec="minutes")
    return value.isoformat()


def client_export(*, actor, client: Client, source: str) -> dict:
    """Collect the subject access export and write an audit row for it."""
    if not policies.can_export_client(actor, client):
        raise PermissionDenied
    referrals = client.referrals.select_related(
        "sending_organisation", "receiving_organisation"
    ).prefetch_related("events")
    reads = client_audit_events(client_id=client.pk)
    data = {
        "exported_at": _dt(timezone.now()),
        "client": {
            "id": client.pk,
            "first_name": client.first_name,
            "last_name": client.last_name,
            "birth_date": _dt(client.birth_date),
            "national_number": client.national_number,
            "email": client.email,
            "phone": client.phone,
            "preferred_language": client.preferred_language,
            "registered_at": _dt(client.created_at),
        },
        "relationships": [
            {
                "organisation": r.organisation.name,
                "started_on": _dt(r.started_on),
                "ended_on": _dt(r.ended_on),
            }
            for r in client.relationships.select_related("organisation")
        ],
        "consents": [
            {
                "purpose": c.get_purpose_display(),
                "shared_with": c.recipient.name if c.recipient else None,
                "scope": c.scope,
                "given_on": _dt(c.given_on),
                "valid_until": _dt(c.valid_until),
                "withdrawn_at": _dt(c.withdrawn_at),
                "method": c.get_method_display(),
                "recorded_at": c.organisation.name,
            }
            for c in client.consents.select_related("recipient", "organisation")
        ],
        "referrals": [
            {
                "id": r.pk,
                "from": r.sending_organisation.name,
                "to": r.receiving_organisation.name,
                "reason": r.get_reason_display(),
                "priority": r.get_priority_display(),
                "state": r.get_state_display(),
                "note": r.note,
                "sent_at": _dt(r.sent_at),
                "respond_by": _dt(r.response_deadline),
                "decline_reason": r.decline_reason,
                "outcome": r.get_outcome_display() if r.outcome else "",
                "steps": [
                    {"at": _dt(e.occurred_at), "from": e.from_state, "to": e.to_state}
                    for e in r.events.all()
                ],
            }
            for r in referrals
        ],
        "popup_bookings": [
            {
                "date": _dt(b.date),
                "slot": str(b.slot),
                "booked_by_organisation": b.booked_for.name,
                "attendance": b.get_attendance_display(),
            }
            for b in client.bookings.select_related("slot", "booked_for")
        ],
        "read_by": [
            {
                "at": _dt(e.occurred_at),
                "who": str(e.actor) if e.actor else "",
                "what": e.action,
                "where": e.source,
            }
            for e in reads
        ],
    }
    with transaction.atomic():
        record(actor=actor, action="client.exported", target=client, source=source)
    return data


def _register_font() -> None:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        path = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
        pdfmetrics.registerFont(TTFont(_FONT, str(path)))


def client_export_pdf(data: dict) -> bytes:
    """The same export, readable on paper: Vera carries every accent of a Flemish name."""
    _register_font()
    body = ParagraphStyle("body", fontName=_FONT, fontSize=9, leading=12)
    heading = ParagraphStyle("heading", fontName=_FONT, fontSize=13, leading=17, spaceAfter=6)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=_("Your data in Lokaal Werk"), leftMargin=2 * cm
    )
    story = [
        Paragraph(escape(_("Your data in Lokaal Werk")), heading),
        Paragraph(escape(_("Exported on %(date)s") % {"date": data["exported_at"]}), body),
        Spacer(1, 8),
    ]

    def section(title: str, rows: list[dict]) -> None:
        story.append(Paragraph(escape(title), heading))
        if not rows:
            story.append(Paragraph(escape(_("None.")), body))
            return
        for row in rows:
            cells = [
                [Paragraph(escape(str(k)), body), Paragraph(escape(_fmt(v)), body)]
                for k, v in row.items()
            ]
            table = Table(cells, colWidths=[4.5 * cm, 12 * cm])
            table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.extend([table, Spacer(1, 6)])

    section(_("Client"), [data["client"]])
    section(_("Organisations serving you"), data["relationships"])
    section(_("Consents"), data["consents"])
    section(_("Referrals"), data["referrals"])
    section(_("Pop-up bookings"), data["popup_bookings"])
    section(_("Who read your file"), data["read_by"])
    doc.build(story)
    return buffer.getvalue()


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return "; ".join(_fmt(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_fmt(v)}" for k, v in value.items())
    return str(value)
