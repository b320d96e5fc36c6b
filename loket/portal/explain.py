"""What a case's state means for the client, in plain words (B1), in the client's language.

Staff labels ("awaiting the second reader") say what the service does; these say what it
means for the client and what they can do. Only the wording lives here: the status, the
deadline and the suspensions come from the cases app.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

KIND = {
    "application": _("Application"),
    "objection": _("Objection"),
    "revocation": _("Revocation of your residence permit"),
}
TRACK = {
    "regular": _("Residence"),
    "asylum": _("Asylum"),
    "naturalisation": _("Naturalisation"),
}
STATUS = {
    "received": _("Received"),
    "in_progress": _("Being assessed"),
    "suspended": _("On hold"),
    "awaiting_second_reader": _("Decision being checked"),
    "approved": _("Decision being checked"),
    "decided": _("Decision taken"),
}
NEXT_STEP = {
    "received": _("We check whether your file is complete. Then an officer assesses it."),
    "in_progress": _("An officer is assessing your file. We write to you when we need something from you."),
    "suspended": _(
        "We are waiting for something from you or from someone else. Until then, the time for our decision stands still."
    ),
    "awaiting_second_reader": _("A second officer checks the decision. After that, you receive it by letter."),
    "approved": _("A second officer checks the decision. After that, you receive it by letter."),
    "decided": _("You receive the decision by letter."),
}
CAN_DO_OPEN = _(
    "Send us documents on this page when we ask for them. Keep your e-mail address and phone number up to date."
)
CAN_DO = {
    "suspended": _("Send what we asked for as soon as you can. You can upload it on this page."),
    "decided": _("Do you disagree with the decision? The letter says how and by when you can object or appeal."),
}
CAN_DO_LATE = _(
    "We did not decide in time. You can send us a written notice of default (ingebrekestelling). "
    "After that, we may have to pay you for every day we are late."
)
SUSPENSION_REASON = {
    "defect_repair_requested": _("We asked you for missing information."),
    "suspended": _("We are waiting for information, for example from you or from another organisation."),
}
SUSPENSION_MEANING = _(
    "While your file is on hold, the time for our decision stands still. The decision date moves on by the days on hold."
)
QUESTION_STATUS = {
    "open": _("Open"),
    "answered": _("Answered"),
}
READ_OF = {
    "clients.client": _("your details"),
    "cases.case": _("your application, objection or revocation"),
    "contact.question": _("your question"),
    "contact.contact": _("your message"),
    "contact.attachment": _("your document"),
    "decisions.decision": _("your decision"),
}

#: Staff roles as the client reads them in the list of who opened their file.
ROLE = {
    "contact_agent": _("Contact agent"),
    "counter_agent": _("Counter agent"),
    "decision_officer": _("Decision officer"),
    "objection_officer": _("Objection officer"),
    "second_reader": _("Second reader"),
    "team_lead": _("Team lead"),
    "integrity_officer": _("Integrity officer"),
    "report_handler": _("Reporting-channel handler"),
    "investigator": _("Investigator"),
    "administrator": _("Administrator"),
}
CHANNEL = {
    "email": _("E-mail"),
    "phone": _("Phone"),
    "web": _("My Loket or web form"),
    "counter": _("Counter"),
    "letter": _("Letter"),
}


def can_do(status: str, *, late: bool) -> str:
    if late and status != "decided":
        return str(CAN_DO_LATE)
    return str(CAN_DO.get(status, CAN_DO_OPEN))
