"""API of contact, mounted under /api/v1/contact/."""

from django.urls import path

from . import api

urlpatterns = [
    path("contacts", api.ContactCreateView.as_view(), name="contact-api-contacts"),
    path("questions", api.QueueView.as_view(), name="contact-api-queue"),
    path("questions/<int:pk>", api.QuestionView.as_view(), name="contact-api-question"),
]
