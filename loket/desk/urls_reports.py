"""The handlers' pages of the reporting channel, mounted at /desk/reports/."""

from django.urls import path

from .reports import actions, detail, files, oral, queue

app_name = "reports"


def _action(segment: str, name: str):
    return path(f"<slug:reference>/{segment}/", actions.report_action, {"name": name}, name=name)


urlpatterns = [
    path("", queue.report_list, name="list"),
    path("record-oral/", oral.record_oral, name="record_oral"),
    path("<slug:reference>/", detail.report_detail, name="detail"),
    _action("acknowledge", "acknowledge"),
    _action("message", "message"),
    _action("name-person", "name_person"),
    _action("protect-reporter", "protect_reporter"),
    _action("assign", "assign"),
    _action("allegations", "add_allegation"),
    _action("feedback", "send_feedback"),
    _action("close", "close"),
    _action("retention", "decide_retention"),
    path("<slug:reference>/allegations/<int:allegation_pk>/finding/", actions.record_finding, name="record_finding"),
    path("<slug:reference>/identity/", actions.reveal_identity, name="reveal_identity"),
    path("<slug:reference>/attachments/<int:attachment_pk>/", files.attachment, name="attachment"),
]
