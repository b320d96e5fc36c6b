"""The admin site, behind the same second factor as the staff site."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django_otp.admin import OTPAdminSite

from .models import Employee, EquatedDay, OrgUnit, User

# Administrators reach personal data through the admin: it asks for the TOTP code too.
admin.site.__class__ = OTPAdminSite


@admin.register(User)
class LoketUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Loket", {"fields": ("language",)}),)


@admin.register(EquatedDay)
class EquatedDayAdmin(admin.ModelAdmin):
    list_display = ("day", "name", "source")


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "manager")
    search_fields = ("code", "name")


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "unit", "user")
    search_fields = ("number", "name")
