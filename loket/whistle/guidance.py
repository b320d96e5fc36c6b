"""Guidance for handlers (handreiking): at each step of a report, what the law asks of the
handler, why, and where it says so.

The service this system was built for "had never handled such a case and did not know
how"; these texts put the rules next to the buttons. They are short on purpose and point
to the sources: EU Directive 2019/1937 (the whistleblowing directive), the Dutch Wet
bescherming klokkenluiders (Wbk), and the Huis voor Klokkenluiders, the authority that
advises reporters and takes external reports.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Stage

DIRECTIVE_URL = "https://eur-lex.europa.eu/eli/dir/2019/1937/oj"
WBK_URL = "https://wetten.overheid.nl/BWBR0037852/"
HUIS_URL = "https://www.huisvoorklokkenluiders.nl/"


@dataclass(frozen=True)
class Source:
    label: str
    url: str


@dataclass(frozen=True)
class Guidance:
    """One step: a title, what the law asks (a short list), why, and the legal sources."""

    key: str
    title: str
    asks: tuple
    why: str
    sources: tuple


def _directive(articles) -> Source:
    return Source(_("EU Directive 2019/1937, %(articles)s") % {"articles": articles}, DIRECTIVE_URL)


# Built lazily so that every text follows the language of the request that shows it.
def _steps() -> dict[str, Guidance]:
    wbk = Source(_("Wet bescherming klokkenluiders: the employer's internal reporting procedure"), WBK_URL)
    huis = Source(_("Huis voor Klokkenluiders: advice for reporters and the external channel"), HUIS_URL)
    return {
        Stage.RECEIVED: Guidance(
            key=Stage.RECEIVED,
            title=_("A report has come in: acknowledge it"),
            asks=(
                _("Confirm receipt to the reporter within 7 days of receiving the report, through the channel."),
                _(
                    "Record at once every employee the report names: they, and every manager above them, then lose "
                    "access to the report and cannot be assigned to it."
                ),
                _(
                    "Keep the identity of the reporter, and of everyone named, confidential: share the report only "
                    "with those who need it to follow it up."
                ),
                _(
                    "Tell the reporter that they may also report to the Huis voor Klokkenluiders or another competent "
                    "authority, and may ask it for advice."
                ),
            ),
            why=_(
                "Seven days lets the reporter know the report arrived and is in hand. A report that sits unanswered "
                "tells everyone that reporting is pointless. Naming people first keeps them away from the "
                "investigation of their own conduct."
            ),
            sources=(_directive(_("art. 9(1)(a), (b), (c) and (g); art. 16")), wbk, huis),
        ),
        Stage.ACKNOWLEDGED: Guidance(
            key=Stage.ACKNOWLEDGED,
            title=_("Acknowledged: plan an investigation that answers the report"),
            asks=(
                _(
                    "Assign an impartial handler or investigator. Only people who are not named, and who manage "
                    "nobody named, can be chosen."
                ),
                _(
                    "Split the report into allegations: each thing the reporter says went wrong, so that the "
                    "investigation answers every one of them."
                ),
                _(
                    "Ask the reporter for more information through the channel when you need it; for an anonymous "
                    "reporter it is the only way."
                ),
                _("Feedback is due within three months of the acknowledgement; the deadline above counts down."),
            ),
            why=_(
                "Diligent follow-up by someone independent of the people named is what the law asks. An "
                "investigation that misses the point of the report fails the reporter as much as no "
                "investigation."
            ),
            sources=(_directive(_("art. 5(12) (follow-up); art. 9(1)(c), (d), (e) and (f)")), wbk),
        ),
        Stage.INVESTIGATING: Guidance(
            key=Stage.INVESTIGATING,
            title=_("Investigation: a finding for every allegation"),
            asks=(
                _(
                    "Give every allegation an outcome (substantiated, not substantiated, or could not be "
                    "established) with the reasons for it."
                ),
                _(
                    "Hear the persons concerned. They are presumed innocent, have the right to defend themselves, "
                    "and their identity is confidential too."
                ),
                _(
                    "Watch for measures against the reporter, helpers and witnesses: a detriment after a report is "
                    "presumed to be retaliation unless the employer proves other grounds."
                ),
                _(
                    "Send feedback before its deadline, even if the investigation is not finished: say what has been "
                    "done, what is planned and why."
                ),
            ),
            why=_(
                "Findings with reasons show the reporter, and later any oversight, that each allegation was taken "
                "seriously. Protection against retaliation runs from the day of the report."
            ),
            sources=(_directive(_("art. 9(1)(d) and (f); art. 19; art. 21(5); art. 22")), wbk),
        ),
        Stage.FEEDBACK_SENT: Guidance(
            key=Stage.FEEDBACK_SENT,
            title=_("Feedback sent: close when every allegation is answered"),
            asks=(
                _(
                    "The reporter has been told what was done or is planned, and why. Answer their reactions through "
                    "the channel."
                ),
                _(
                    "Close the report only when every allegation has a finding; send further feedback if the "
                    "findings changed after the first."
                ),
                _(
                    "Keep the file as long as it is needed and proportionate; it is deleted only by a recorded "
                    "retention decision, never because of its age alone."
                ),
            ),
            why=_(
                "Feedback is information on the follow-up and its grounds, which the reporter has a right to. The "
                "record of the report must stay available for as long as it is needed."
            ),
            sources=(_directive(_("art. 5(13) (feedback); art. 9(1)(f); art. 18(1)")), wbk),
        ),
        Stage.CLOSED: Guidance(
            key=Stage.CLOSED,
            title=_("Closed: the protection does not end"),
            asks=(
                _("The file stays on record until a recorded retention decision ends it."),
                _(
                    "The reporter, helpers and witnesses stay protected: any later personnel measure against them is "
                    "flagged and needs a justification on other grounds."
                ),
            ),
            why=_("Retaliation often comes months after a report. The burden of proof stays with the employer."),
            sources=(_directive(_("art. 18(1); art. 19; art. 21(5)")), wbk, huis),
        ),
        "identity": Guidance(
            key="identity",
            title=_("Seeing the reporter's identity"),
            asks=(
                _("Look only when the follow-up needs it, and record why; every view is logged with your reason."),
                _(
                    "Never pass the identity on without the reporter's explicit consent, unless a law requires it in "
                    "an investigation or court case; then tell the reporter first, with the reasons, unless that "
                    "would harm the investigation."
                ),
                _("The same confidentiality protects everyone named in the report."),
            ),
            why=_(
                "Fear of being known keeps people from reporting. Beyond the handlers, the identity may go further "
                "only with consent or under a legal duty."
            ),
            sources=(_directive(_("art. 16(1) to (3)")), wbk),
        ),
        "oral": Guidance(
            key="oral",
            title=_("Recording an oral report"),
            asks=(
                _("Take a report by phone, or in a meeting within a reasonable time when the reporter asks for one."),
                _("Write complete and accurate minutes; a recording only with the reporter's consent."),
                _(
                    "Give the reporter the receipt: with it they read, correct and sign the minutes, and follow the "
                    "report."
                ),
                _("Everything else is as for a written report: acknowledge within 7 days, feedback within 3 months."),
            ),
            why=_(
                "The reporter must be able to check that the minutes say what they reported: a report is only as "
                "good as its record."
            ),
            sources=(_directive(_("art. 9(2); art. 18(2) to (4)")), wbk),
        ),
    }


def for_step(key: str) -> Guidance:
    """Guidance for a stage (a ``Stage`` value) or for "identity" or "oral"."""
    return _steps()[key]


def for_report(report) -> Guidance:
    return for_step(report.stage)
