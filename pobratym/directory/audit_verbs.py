"""What the audit page calls the actions of the directory (see core.audit.verb_label)."""

from django.utils.translation import gettext_lazy as _

GROUPS = {
    "authority": _("Authorities"),
    "contact": _("Contact persons"),
}

VERBS = {
    "authority.profile_updated": _("Profile edited"),
    "authority.curated": _("Facts curated"),
    "authority.merged": _("Duplicate merged"),
    "contact.created": _("Contact person added"),
    "contact.updated": _("Contact person changed"),
    "contact.deleted": _("Contact person removed"),
}
