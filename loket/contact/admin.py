"""Service norms and answer templates are configured in the admin."""

from django.contrib import admin

from .models import AnswerTemplate, ServiceNorm


@admin.register(ServiceNorm)
class ServiceNormAdmin(admin.ModelAdmin):
    list_display = ("channel", "topic", "working_days")
    list_filter = ("channel",)
    list_editable = ("working_days",)


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(admin.ModelAdmin):
    list_display = ("language", "topic", "subject")
    list_filter = ("language", "topic")
    search_fields = ("subject", "body")
