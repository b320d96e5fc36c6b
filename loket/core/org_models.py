"""The organisation chart: units, their managers, and employees.

The reporting channel needs it to keep a report away from the people it names and from
every manager above them; later modules use it for teams.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgUnit(models.Model):
    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent unit")
    )
    manager = models.ForeignKey(
        "core.Employee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_units",
        verbose_name=_("manager"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")

    def __str__(self):
        return self.name

    def ancestors(self):
        """This unit and every unit above it, nearest first (cycles are cut)."""
        seen, unit = set(), self
        while unit is not None and unit.pk not in seen:
            seen.add(unit.pk)
            yield unit
            unit = unit.parent


class Employee(models.Model):
    number = models.CharField(_("employee number"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="employees", verbose_name=_("unit")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
        verbose_name=_("user account"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")

    def __str__(self):
        return self.name

    def managers_above(self) -> list["Employee"]:
        """Every manager in this employee's line, nearest first, never the employee."""
        result: list[Employee] = []
        if self.unit is None:
            return result
        for unit in self.unit.ancestors():
            if unit.manager_id and unit.manager_id != self.pk and unit.manager not in result:
                result.append(unit.manager)
        return result
