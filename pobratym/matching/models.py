"""Recommendations as task workers last computed them; web processes only read these rows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Subject(models.TextChoices):
    """What a stored list recommends for."""

    NEED = "need", _("need")
    OFFER = "offer", _("offer")
    AUTHORITY = "authority", _("authority")


class StoredRecommendations(models.Model):
    """One record's recommendations: the engine's candidates, best first (keeper.py).

    `held`: the engine matches the record (False: embedded, but not something it matches,
    such as a need of a European authority or an offer whose places are all taken). No row yet:
    the recommendations are being prepared. `signature` and `stamp` let a worker tell what it
    must rewrite; `floor` and `hromadas` (offers only) which offers a changed hromada can enter.
    """

    subject = models.CharField(_("for"), max_length=10, choices=Subject.choices)
    subject_id = models.BigIntegerField(_("record"))
    held = models.BooleanField(_("matched"), default=True)
    candidates = models.JSONField(_("candidates"), default=list)
    signature = models.BinaryField(default=b"")
    stamp = models.CharField(max_length=120, default="")
    floor = models.BigIntegerField(null=True)
    hromadas = models.JSONField(default=list)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("stored recommendations")
        verbose_name_plural = _("stored recommendations")
        constraints = [
            models.UniqueConstraint(fields=["subject", "subject_id"], name="one_list_per_record")
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.subject_id}"


class RecommendationStore(models.Model):
    """The state shared by whoever keeps the stored lists, one row per embedding model.

    `generation` counts the batches written: a worker whose last batch is not the latest
    reloads what it knows of the stored rows before comparing with them. The centring is the
    index's (allocation rounds score with the same one).
    """

    model_name = models.CharField(max_length=200, unique=True)
    generation = models.BigIntegerField(default=0)
    need_mean = models.BinaryField(default=b"")
    offer_mean = models.BinaryField(default=b"")
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("recommendation store")
        verbose_name_plural = _("recommendation stores")

    def __str__(self) -> str:
        return f"{self.model_name} #{self.generation}"
