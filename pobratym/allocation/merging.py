"""What a directory merge must carry over from allocation: the duplicate's round proposals.

Apart from services.py, which loads the solver (SciPy): AllocationConfig.ready registers this
step at every start, and a start need not load the solver.
"""

from pobratym.directory.models import Authority

from .models import RoundProposal


def allocation_merge_authority_unsafe(*, duplicate: Authority, target: Authority) -> dict[str, int]:
    """Name the target in the duplicate's round proposals (a directory merge step, registered
    in AllocationConfig.ready); returns how many moved.

    _unsafe: no permission check and no audit record of its own — authority_merge, which runs
    it, has checked and records the count. Allocation rounds keep their history: the
    duplicate's proposals now name the target.
    """
    return {
        "allocation proposals": RoundProposal.objects.filter(hromada=duplicate).update(
            hromada=target
        )
    }
