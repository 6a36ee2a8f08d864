"""What the audit page calls the actions of the exchange (see core.audit.verb_label)."""

from django.utils.translation import gettext_lazy as _

GROUPS = {
    "need": _("Needs"),
    "offer": _("Offers"),
}

VERBS = {
    "need.published": _("Need published"),
    "need.updated": _("Need changed"),
    "need.withdrawn": _("Need withdrawn"),
    "offer.published": _("Offer published"),
    "offer.updated": _("Offer changed"),
    "offer.closed": _("Offer closed"),
}
