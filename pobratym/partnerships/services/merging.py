"""What a directory merge must carry over from partnerships: the duplicate's party rows,
deliveries it received and its calendar address.

A directory merge step, registered in PartnershipsConfig.ready: the directory's authority_merge
runs it inside its transaction (which has checked the rules and leaves the audit record); it
only moves references, so it takes no actor.
"""

from django.db.models import Q

from pobratym.directory.models import Authority

from ..models import CalendarFeed, Delivery, PartnershipParty


def partnerships_merge_authority_unsafe(
    *, duplicate: Authority, target: Authority
) -> dict[str, int]:
    """Point every partnership reference at the target; returns how many moved, per kind.

    _unsafe: no permission check of its own — only authority_merge, after its checks, calls it.
    Where both entries are parties of one partnership, the duplicate's row goes and whatever it
    gave is credited to the target's row. The duplicate's calendar address moves unless the
    target has one already (then it is dropped: a leaked old address must not live on).
    """
    moved: dict[str, int] = {}
    both = PartnershipParty.objects.filter(
        authority=duplicate, partnership__parties__authority=target
    )
    dropped = 0
    for party in both:
        kept = PartnershipParty.objects.get(partnership=party.partnership, authority=target)
        Delivery.objects.filter(giver=party).update(giver=kept)
        party.delete()
        dropped += 1
    moved["partnership parties dropped as duplicates"] = dropped
    moved["partnership parties"] = PartnershipParty.objects.filter(authority=duplicate).update(
        authority=target
    )
    moved["deliveries received"] = Delivery.objects.filter(recipient=duplicate).update(
        recipient=target
    )
    feeds = CalendarFeed.objects.filter(authority=duplicate)
    if CalendarFeed.objects.filter(Q(authority=target)).exists():
        moved["calendar addresses dropped"] = feeds.delete()[0]
    else:
        moved["calendar addresses"] = feeds.update(authority=target)
    return moved
