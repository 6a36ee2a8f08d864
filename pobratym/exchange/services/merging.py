"""What a directory merge must carry over from the exchange: the duplicate's needs and offers."""

from pobratym.directory.models import Authority

from ..models import Need, Offer


def exchange_merge_authority_unsafe(*, duplicate: Authority, target: Authority) -> dict[str, int]:
    """Move the duplicate's needs and offers to the target (a directory merge step, registered
    in ExchangeConfig.ready); returns how many moved, per kind.

    _unsafe: no permission check and no audit record of its own — authority_merge, which runs
    it, has checked and records the counts.
    """
    return {
        "needs": Need.objects.filter(authority=duplicate).update(authority=target),
        "offers": Offer.objects.filter(authority=duplicate).update(authority=target),
    }
