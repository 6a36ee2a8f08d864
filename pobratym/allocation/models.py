"""Allocation rounds: a facilitator proposes partners to many seeking hromadas at once.

A round keeps who ran it, when, with what settings, the solver's report, every candidate pair
it considered (for swaps during review) and its proposals with both sides' answers.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pobratym.accounts.models import actor_link
from pobratym.core.models import BaseModel, optional_link
from pobratym.directory.models import Association, Authority, Region
from pobratym.exchange.models import Need, Offer
from pobratym.partnerships.models import Partnership

from .enums import Response, RoundStatus


class AllocationRound(BaseModel):
    title = models.CharField(_("title"), max_length=200)
    association = optional_link(
        Association,
        on_delete=models.PROTECT,
        related_name="allocation_rounds",
        verbose_name=_("facilitating association"),
        help_text=_("Its member authorities' offers take part; none: every open offer."),
    )
    oblast = optional_link(
        Region,
        on_delete=models.PROTECT,
        verbose_name=_("oblast"),
        help_text=_("Only hromadas of this oblast; none: all of Ukraine."),
    )
    frontline_only = models.BooleanField(_("frontline hromadas only"), default=False)
    min_score = models.FloatField(_("lowest fit that counts"), default=0.0)
    max_proposals = models.PositiveSmallIntegerField(_("proposals per hromada at most"), default=1)
    fairness = models.BooleanField(_("fairness guarantees"), default=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.UNDER_REVIEW
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("run by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = actor_link(_("published by"))
    sides_notified_at = models.DateTimeField(_("both sides told"), null=True, blank=True)
    report = models.JSONField(_("report"), default=dict)
    # {hromada id: [[offer id, score, need id], …]}: the pairs the solver chose from, best first.
    candidates = models.JSONField(_("candidate pairs"), default=dict)
    # {"hromadas": [HromadaIn as a dict, …], "offers": [OfferIn as a dict, …]}: all in scope as
    # the round saw them (places free then); the report is recomputed from them after review.
    solver_inputs = models.JSONField(_("solver inputs"), default=dict)

    class Meta:
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("allocation:round", args=[self.pk])


class RoundProposal(BaseModel):
    """One offer proposed to one hromada; once published, both sides answer it."""

    round = models.ForeignKey(
        AllocationRound, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("round")
    )
    hromada = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("hromada")
    )
    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, related_name="round_proposals", verbose_name=_("offer")
    )
    need = optional_link(Need, on_delete=models.SET_NULL, verbose_name=_("the need it fits best"))
    score = models.FloatField(_("fit"))
    reasons = models.JSONField(_("reasons"), default=list)
    is_removed = models.BooleanField(_("removed in review"), default=False)
    added_in_review = models.BooleanField(_("added in review"), default=False)
    hromada_response = models.CharField(
        _("hromada's answer"), max_length=16, choices=Response.choices, default=Response.PENDING
    )
    hromada_answered_at = models.DateTimeField(_("hromada answered"), null=True, blank=True)
    offer_response = models.CharField(
        _("offering side's answer"),
        max_length=16,
        choices=Response.choices,
        default=Response.PENDING,
    )
    offer_answered_at = models.DateTimeField(_("offering side answered"), null=True, blank=True)
    # The partnership made once both sides accepted; one to one, so both sides accepting twice
    # (a retried request) makes one partnership. The proposal outlives a deleted partnership.
    partnership = models.OneToOneField(
        Partnership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="round_proposal",
        verbose_name=_("partnership"),
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "hromada", "offer"],
                condition=Q(is_removed=False),
                name="round_proposal_once_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.hromada} ← {self.offer}"

    @property
    def is_accepted_by_both(self) -> bool:
        return self.hromada_response == self.offer_response == Response.ACCEPTED
