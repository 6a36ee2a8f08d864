"""Writing to an organisation through the platform: the page for those who may not see its
contact persons (docs/accounts.md, "Contacts and personal data")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from pobratym.core.errors import ApplicationError
from pobratym.core.submissions import once_per_submission
from pobratym.core.web import apply_errors

from .. import selectors, writing
from ..forms import WriteForm
from .onboarding import organisation_or_404


@login_required
@once_per_submission
def write_to_organisation(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """Write to an organisation's members by e-mail, for those who do not see its contacts."""
    organisation = organisation_or_404(kind, key)
    user = request.user
    form = WriteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            received = writing.organisation_write(
                organisation=organisation, sender=user, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Your message was sent to %(count)d member of %(organisation)s.",
                    "Your message was sent to %(count)d members of %(organisation)s.",
                    received,
                )
                % {"count": received, "organisation": organisation.display_name},
            )
            return redirect(organisation)
    return render(
        request,
        "accounts/write.html",
        {
            "organisation": organisation,
            "form": form,
            "recipients": len(
                selectors.organisation_recipients(organisation=organisation, exclude=user)
            ),
        },
    )
