"""Small steps the partnership tests of several apps take."""

from typing import Any

from pobratym.partnerships import services
from pobratym.partnerships.models import Partnership


def shown_to(partnership: Partnership, visibility: str, *, actor: Any) -> Partnership:
    """The partnership with another visibility, everything else as it was."""
    return services.partnership_update(
        partnership=partnership,
        kind=partnership.kind,
        sectors=[sector.code for sector in partnership.sectors.all()],
        visibility=visibility,
        description=partnership.description,
        facilitators=list(partnership.facilitators.all()),
        actor=actor,
    )
