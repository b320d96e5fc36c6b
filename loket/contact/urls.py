"""Staff pages of contact, mounted under /desk/contact/."""

from django.urls import path

from . import dashboard_views, record_views, views

app_name = "contact"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("questions/<int:pk>/", views.question, name="question"),
    path("questions/<int:pk>/take/", views.take, name="take"),
    path("questions/<int:pk>/topic/", views.change_topic, name="topic"),
    path("questions/<int:pk>/answer/", views.answer, name="answer"),
    path("questions/<int:pk>/merge/", views.merge, name="merge"),
    path("questions/<int:pk>/merges/<int:merge_pk>/undo/", views.undo_merge, name="undo_merge"),
    path("questions/<int:pk>/split/", views.split, name="split"),
    path("contacts/<int:pk>/", views.contact, name="contact"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("calls/new/", record_views.record_call, name="record_call"),
    path("visits/new/", record_views.record_visit, name="record_visit"),
    path("letters/new/", record_views.register_letter, name="register_letter"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("answers/<int:pk>/letter/", views.letter, name="letter"),
    path("clients/<int:client_id>/timeline/", views.timeline, name="timeline"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
]
