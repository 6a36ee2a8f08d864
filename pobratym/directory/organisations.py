"""An organisation is an authority or an association. Their ids overlap, so a page's choice or
a look-up names one by its kind and id together: "authority:12", "association:3"."""

from .models import Association, Authority

Organisation = Authority | Association

AUTHORITY = "authority"
ASSOCIATION = "association"


def organisation_kind(organisation: object) -> str | None:
    """AUTHORITY or ASSOCIATION; None for anything else."""
    if isinstance(organisation, Authority):
        return AUTHORITY
    if isinstance(organisation, Association):
        return ASSOCIATION
    return None


def organisation_key(organisation: Organisation) -> str:
    """The organisation's key, as a choice's value: "authority:12"."""
    return f"{organisation_kind(organisation)}:{organisation.pk}"


def organisation_by_key(key: str) -> Organisation | None:
    """The authority or association a key names; None when there is none."""
    kind, _sep, pk = key.partition(":")
    if not pk.isdigit():
        return None
    if kind == AUTHORITY:
        return Authority.objects.filter(pk=int(pk)).first()
    if kind == ASSOCIATION:
        return Association.objects.filter(pk=int(pk)).first()
    return None


def organisation_columns(organisation: Organisation) -> dict[str, Organisation | None]:
    """The authority and association of a row that belongs to the organisation (a membership,
    an invitation, a contact): the one it is, and None for the other."""
    return {
        "authority": organisation if isinstance(organisation, Authority) else None,
        "association": organisation if isinstance(organisation, Association) else None,
    }
