"""Joint projects: what the parties build together, its budget, its funding and the needs it
answers."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pobratym.accounts.models import actor_link
from pobratym.core.models import BaseModel
from pobratym.exchange.models import Need

from ..enums import ProjectStatus
from .partnerships import MAX_TITLE, partnership_link


class Project(BaseModel):
    """A joint project: what it costs, who funds it, and the DREAM identifier when registered."""

    partnership = partnership_link("projects")
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    budget_eur = models.DecimalField(
        _("budget, EUR"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(_("funding source"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    dream_id = models.CharField(
        _("DREAM project identifier"),
        max_length=64,
        blank=True,
        help_text=_("The project's identifier in the DREAM reconstruction ecosystem, if any."),
    )
    needs = models.ManyToManyField(
        Need, related_name="projects", blank=True, verbose_name=_("needs it answers")
    )
    created_by = actor_link(_("created by"))

    class Meta:
        verbose_name = _("joint project")
        verbose_name_plural = _("joint projects")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_eur__isnull=True) | Q(budget_eur__gte=0),
                name="project_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title
