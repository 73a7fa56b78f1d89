"""What training costs in CPU-seconds: a budget that a busy machine does not shrink.

A wall-clock deadline gives a loaded grading machine fewer training steps, so the same recipe would
earn a lower grade there. The processor time a process spends on the same work stays nearly the same,
however many other processes share the cores.
"""
from os import times as _times  # bound at import: rebinding ``os.times`` later changes nothing here


def cpu_seconds():
    """CPU-seconds used so far by this process (all its threads) and by its finished child processes."""
    used = _times()
    return used.user + used.system + used.children_user + used.children_system
