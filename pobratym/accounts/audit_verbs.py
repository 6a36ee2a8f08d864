"""What the audit page calls the actions of the accounts domain (see core.audit.verb_label)."""

from django.utils.translation import gettext_lazy as _

GROUPS = {
    "user": _("Accounts"),
    "membership": _("Work for organisations"),
    "invitation": _("Invitations"),
    "organisation_request": _("Requests for new organisations"),
    "organisation": _("New organisations"),
    "login": _("Sign-ins"),
    "two_factor": _("Two-step sign-in"),
    "password": _("Passwords"),
}

VERBS = {
    "user.signed_up": _("Account created"),
    "user.sign_up_repeated": _("Sign-up with the address of an existing account"),
    "user.email_confirmed": _("E-mail address confirmed"),
    "user.language_changed": _("Language changed"),
    "user.erased": _("Personal data erased"),
    "membership.claimed": _("Claim to work for an organisation"),
    "membership.verified": _("Claim verified"),
    "membership.rejected": _("Claim rejected"),
    "membership.removed": _("Removed from an organisation"),
    "invitation.created": _("Colleague invited"),
    "invitation.accepted": _("Invitation accepted"),
    "invitation.revoked": _("Invitation withdrawn"),
    "organisation_request.created": _("New organisation requested"),
    "organisation_request.approved": _("Request for a new organisation approved"),
    "organisation_request.rejected": _("Request for a new organisation rejected"),
    "organisation.created": _("Organisation added to the directory"),
    "login.succeeded": _("Signed in"),
    "login.failed": _("Sign-in failed"),
    "login.throttled": _("Sign-in refused after too many failures"),
    "two_factor.enabled": _("Two-step sign-in turned on"),
    "password.reset": _("Password reset"),
    # Its group, "contact", is the directory's (Contact persons): the message replaces them.
    "contact.written_through_platform": _("Message written through the platform"),
    "password.reset_throttled": _("New password refused after too many requests"),
}
