"""The meeting pack: agenda, status of every action and what changed since the previous
meeting, charts of the linked indicators, open follow-ups and cadence, as HTML and PDF.

The data is gathered once into plain JSON and both renderings are made from it, so the stored
pack shows exactly what was presented, whatever changes later.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from . import integration, selectors
from .models import Meeting

FONT_DIR = Path(reportlab.__file__).parent / "fonts"


def _local(value) -> str:
    return date_format(timezone.localtime(value), "j F Y H:i")


def pack_data_collect(*, meeting: Meeting) -> dict[str, Any]:
    body = meeting.body
    agreement = body.agreement
    previous = selectors.previous_meeting(meeting)
    changes = list(
        selectors.plan_changes_between(
            agreement=agreement,
            after=previous.starts_at if previous else None,
            until=meeting.starts_at,
        ).order_by("occurred_at", "pk")
    )
    changes_by_action: dict[int, list[dict[str, Any]]] = {}
    change_rows = []
    for change in changes:
        row = {
            "action": change.action.code if change.action else "",
            "summary": change.summary,
            "occurred_at": _local(change.occurred_at),
            "decided_in": [str(d.meeting) for d in change.decisions.all()],
        }
        change_rows.append(row)
        if change.action_id:
            changes_by_action.setdefault(change.action_id, []).append(row)
    statuses = integration.action_statuses(agreement)
    actions = [
        {
            "code": action.code,
            "title": action.title,
            "status": str(statuses.get(action.pk, {}).get("status_label") or _("No status yet")),
            "progress": statuses.get(action.pk, {}).get("progress"),
            "period": str(statuses.get(action.pk, {}).get("period") or ""),
            "changes": len(changes_by_action.get(action.pk, [])),
        }
        for action in agreement.actions.order_by("sort_key")
    ]
    today = timezone.localdate()
    follow_ups = [
        {
            "description": f.description,
            "owner": f.owner_name,
            "due_date": date_format(f.due_date, "j F Y"),
            "late": f.is_late(today),
            "meeting": str(f.meeting),
        }
        for f in selectors.open_follow_ups(body=body)
    ]
    (cadence,) = selectors.cadence_for_bodies(
        bodies=[body], year=timezone.localtime(meeting.starts_at).year
    )
    agenda = [
        {
            "order": item.order,
            "title": item.title,
            "kind": item.get_kind_display(),
            "description": item.description,
            "action": item.action.code if item.action else "",
        }
        for item in meeting.agenda_items.select_related("action")
    ]
    return {
        "meeting": {
            "label": str(meeting),
            "body": body.name,
            "starts_at": _local(meeting.starts_at),
            "ends_at": _local(meeting.ends_at),
            "location": meeting.location,
            "online_url": meeting.online_url,
        },
        "agreement": agreement.title,
        "built_at": _local(timezone.now()),
        "previous_meeting": str(previous) if previous else "",
        "agenda": agenda,
        "actions": actions,
        "changes": change_rows,
        "indicators": integration.indicator_series_for_pack(meeting),
        "follow_ups": follow_ups,
        "cadence": {
            "year": cadence.year,
            "required": cadence.required,
            "held": cadence.held,
            "planned": cadence.planned,
            "vdab_invited": cadence.vdab_invited,
            "warnings": cadence.warnings,
        },
    }


def pack_html_render(data: dict[str, Any]) -> str:
    """The pack as an HTML fragment, shown inside the site's page."""
    return render_to_string("governance/_pack.html", {"pack": data})


def _fonts() -> tuple[str, str]:
    """Vera (bundled with reportlab) embeds every character; other modules may have
    registered one of the two faces already."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in (("Vera", "Vera.ttf"), ("VeraBd", "VeraBd.ttf")):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    registerFontFamily("Vera", normal="Vera", bold="VeraBd", italic="Vera", boldItalic="VeraBd")
    return "Vera", "VeraBd"


def _chart(series: dict[str, Any]) -> Drawing:
    points = [(i, float(v)) for i, (_label, v) in enumerate(series["points"]) if v is not None]
    drawing = Drawing(160 * mm, 55 * mm)
    plot = LinePlot()
    plot.x, plot.y = 12 * mm, 10 * mm
    plot.width, plot.height = 140 * mm, 38 * mm
    plot.data = [points] if points else [[(0, 0)]]
    plot.lines[0].strokeColor = colors.HexColor("#1f5f8b")
    plot.xValueAxis.valueSteps = [p[0] for p in points]
    labels = [label for label, _v in series["points"]]
    plot.xValueAxis.labelTextFormat = lambda i: labels[int(i)] if 0 <= int(i) < len(labels) else ""
    plot.xValueAxis.labels.fontName = "Vera"
    plot.yValueAxis.labels.fontName = "Vera"
    plot.xValueAxis.labels.fontSize = 7
    plot.yValueAxis.labels.fontSize = 7
    drawing.add(plot)
    drawing.add(String(12 * mm, 51 * mm, series["name"], fontName="VeraBd", fontSize=8))
    return drawing


def pack_pdf_render(data: dict[str, Any]) -> bytes:
    """The pack as a PDF with an embedded Unicode font, so its text can be extracted."""
    regular, bold = _fonts()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("pack", parent=styles["BodyText"], fontName=regular, fontSize=9)
    h1 = ParagraphStyle("pack-h1", parent=styles["Heading1"], fontName=bold)
    h2 = ParagraphStyle("pack-h2", parent=styles["Heading2"], fontName=bold)

    def p(text: Any, style=body) -> Paragraph:
        return Paragraph(escape(str(text)), style)

    def table(rows: list[list[Any]], widths: list[float]) -> Table:
        t = Table([[p(c) for c in row] for row in rows], colWidths=widths, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), regular),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    meeting = data["meeting"]
    story: list[Any] = [
        p(_("Meeting pack"), h1),
        p(meeting["label"], h2),
        p(f"{meeting['starts_at']} – {meeting['ends_at']}"),
        p(meeting["location"] or meeting["online_url"]),
        p(_("Built on %(date)s") % {"date": data["built_at"]}),
        Spacer(1, 4 * mm),
        p(_("Agenda"), h2),
    ]
    if data["agenda"]:
        story.append(
            table(
                [[_("No."), _("Item"), _("Kind")]]
                + [[a["order"], a["title"], a["kind"]] for a in data["agenda"]],
                [12 * mm, 120 * mm, 40 * mm],
            )
        )
    else:
        story.append(p(_("The agenda is empty.")))
    story.append(p(_("Status of the actions"), h2))
    story.append(
        table(
            [[_("Action"), _("Title"), _("Status"), _("Changes since the previous meeting")]]
            + [[a["code"], a["title"], a["status"], a["changes"]] for a in data["actions"]],
            [16 * mm, 96 * mm, 32 * mm, 28 * mm],
        )
    )
    story.append(p(_("What changed since the previous meeting"), h2))
    if data["previous_meeting"]:
        story.append(p(_("Previous meeting: %(meeting)s") % {"meeting": data["previous_meeting"]}))
    if data["changes"]:
        story.append(
            table(
                [[_("When"), _("Action"), _("Change"), _("Decided in")]]
                + [
                    [c["occurred_at"], c["action"], c["summary"], ", ".join(c["decided_in"])]
                    for c in data["changes"]
                ],
                [30 * mm, 16 * mm, 76 * mm, 50 * mm],
            )
        )
    else:
        story.append(p(_("Nothing changed in the plan.")))
    story.append(p(_("Indicators"), h2))
    if data["indicators"]:
        for series in data["indicators"]:
            story.append(_chart(series))
            story.append(
                table(
                    [[_("Period"), _("Value")]] + [[label, v] for label, v in series["points"]],
                    [60 * mm, 40 * mm],
                )
            )
    else:
        story.append(p(_("No indicator is linked to the agenda.")))
    story.append(p(_("Open follow-ups"), h2))
    if data["follow_ups"]:
        story.append(
            table(
                [[_("What"), _("Owner"), _("Due date"), _("Agreed in")]]
                + [
                    [
                        f["description"] + (f" ({_('late')})" if f["late"] else ""),
                        f["owner"],
                        f["due_date"],
                        f["meeting"],
                    ]
                    for f in data["follow_ups"]
                ],
                [72 * mm, 34 * mm, 26 * mm, 40 * mm],
            )
        )
    else:
        story.append(p(_("No open follow-ups.")))
    cadence = data["cadence"]
    story.append(p(_("Cadence"), h2))
    story.append(
        p(
            _("%(year)d: %(held)d held and %(planned)d planned of %(required)d required meetings.")
            % cadence
        )
    )
    for warning in cadence["warnings"]:
        story.append(p(warning))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{_('Meeting pack')}: {meeting['label']}",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
    )
    document.build(story)
    return buffer.getvalue()
