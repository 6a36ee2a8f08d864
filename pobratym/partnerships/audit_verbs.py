"""What the audit page calls the actions of partnerships (see core.audit.verb_label)."""

from django.utils.translation import gettext_lazy as _

GROUPS = {
    "partnership": _("Partnerships"),
    "agreement": _("Agreements"),
    "activity": _("Activities"),
    "followup": _("Follow-up actions"),
    "project": _("Joint projects"),
    "message": _("Messages"),
    "delivery": _("Aid deliveries"),
    "calendar_feed": _("Calendar addresses"),
}

VERBS = {
    "partnership.created": _("Partnership created"),
    "partnership.updated": _("Partnership changed"),
    "partnership.state_changed": _("Partnership's state changed"),
    "partnership.records_linked": _("Needs or offers linked to the partnership"),
    "agreement.added": _("Agreement added"),
    "activity.added": _("Activity added"),
    "followup.added": _("Follow-up action added"),
    "followup.done": _("Follow-up action done"),
    "followup.reopened": _("Follow-up action reopened"),
    "project.added": _("Joint project added"),
    "message.posted": _("Message posted"),
    "delivery.pledged": _("Delivery pledged"),
    "delivery.shipped": _("Delivery shipped"),
    "delivery.received": _("Delivery received"),
    "calendar_feed.created": _("Calendar address created"),
    "calendar_feed.rotated": _("Calendar address replaced"),
}
