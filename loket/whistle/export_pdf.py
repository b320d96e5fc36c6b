"""The redacted export as a PDF (reportlab), for sending to an oversight body.

The document carries no trace of who made it: the author in its metadata is the system,
and the text is the redacted export only.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .export import RedactedExport

# A Unicode font where the machine has one (names in any script are redacted, but places
# and other words may still be in Arabic, Cyrillic, ...); otherwise the PDF base font.
_FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]


@lru_cache(maxsize=1)
def _fonts() -> tuple[str, str]:
    for folder in _FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("LoketSans", str(regular)))
            pdfmetrics.registerFont(TTFont("LoketSans-Bold", str(bold)))
            return "LoketSans", "LoketSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=bold, fontSize=16, leading=20),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=12.5, leading=16, spaceBefore=10),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=10, leading=13.5),
        "cell": ParagraphStyle("cell", parent=base["BodyText"], fontName=regular, fontSize=9, leading=12),
        "head": ParagraphStyle("head", parent=base["BodyText"], fontName=bold, fontSize=9, leading=12),
        "note": ParagraphStyle(
            "note",
            parent=base["BodyText"],
            fontName=regular,
            fontSize=8.5,
            leading=11,
            textColor=colors.HexColor("#333333"),
        ),
    }


def _text(value) -> str:
    return escape(str(value if value is not None else "")).replace("\n", "<br/>")


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else "–"


def _table(rows: list[list[str]], styles, widths) -> Table:
    cells = [[Paragraph(_text(c), styles["head"]) for c in rows[0]]]
    cells += [[Paragraph(_text(c), styles["cell"]) for c in row] for row in rows[1:]]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def render_pdf(export: RedactedExport) -> bytes:
    styles = _styles()
    buffer = io.BytesIO()
    title = _("Redacted report %(reference)s") % {"reference": export.reference}
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="Loket",
        creator="Loket",
        subject=_("Redacted export for oversight"),
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    width = doc.width
    story = [
        Paragraph(_text(title), styles["title"]),
        Paragraph(
            _text(_("Persons are replaced by their role. The list at the end says what was replaced, never by whom.")),
            styles["note"],
        ),
        Spacer(1, 4 * mm),
    ]
    facts = [
        [_("Reference"), export.reference],
        [_("Category"), export.category],
        [_("Channel"), export.channel],
        [_("How the reporter wants to be known"), export.anonymity],
        [_("Stage"), export.stage],
        [_("Received"), _date(export.received_on)],
        [_("Closed"), _date(export.closed_on)],
        [_("Exported"), _date(export.exported_on)],
    ]
    story.append(_table([[_("Item"), _("Value")], *facts], styles, [width * 0.4, width * 0.6]))

    story.append(Paragraph(_text(_("Deadlines")), styles["h2"]))
    story.append(
        _table(
            [
                [_("Step"), _("Due"), _("Done on"), _("Met or breached")],
                *[[d.step, _date(d.due), _date(d.done_on), d.state_label] for d in export.deadlines],
            ],
            styles,
            [width * 0.34, width * 0.18, width * 0.18, width * 0.30],
        )
    )

    story.append(Paragraph(_text(_("What was reported")), styles["h2"]))
    story.append(Paragraph(_text(export.description), styles["body"]))
    if export.happened_when:
        story.append(Paragraph(_text(_("When: %(when)s") % {"when": export.happened_when}), styles["body"]))

    story.append(Paragraph(_text(_("Allegations and findings")), styles["h2"]))
    if export.allegations:
        story.append(
            _table(
                [
                    [_("No."), _("Allegation"), _("Outcome"), _("Reasons")],
                    *[[str(a.number), a.summary, a.outcome_label, a.reasons] for a in export.allegations],
                ],
                styles,
                [width * 0.07, width * 0.33, width * 0.18, width * 0.42],
            )
        )
    else:
        story.append(Paragraph(_text(_("The report was not yet split into allegations.")), styles["body"]))

    story.append(Paragraph(_text(_("Feedback sent to the reporter")), styles["h2"]))
    if export.feedback:
        for item in export.feedback:
            story.append(Paragraph(_text(_date(item.sent_on)), styles["head"]))
            story.append(Paragraph(_text(item.body), styles["body"]))
    else:
        story.append(Paragraph(_text(_("No feedback was sent yet.")), styles["body"]))

    story.append(Paragraph(_text(_("What was redacted")), styles["h2"]))
    if export.redactions:
        story.append(
            _table(
                [
                    [_("Replaced by"), _("Who"), _("What"), _("Times")],
                    *[[r.label, r.kind, r.what, str(r.occurrences)] for r in export.redactions],
                ],
                styles,
                [width * 0.3, width * 0.25, width * 0.3, width * 0.15],
            )
        )
    else:
        story.append(Paragraph(_text(_("Nothing needed to be redacted.")), styles["body"]))
    doc.build(story)
    return buffer.getvalue()
