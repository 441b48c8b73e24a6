"""The life of a screening round, as data: which status may follow which.

A coordinator prepares a round (draft); the data protection officer approves it, which opens it
for uploads; once at least two partners uploaded, the lists are linked; a new upload reopens a
linked round; closing deletes every token and keeps only the counts.
"""

from __future__ import annotations

from .constants import RoundStatus

ALLOWED_TRANSITIONS: dict[RoundStatus, set[RoundStatus]] = {
    RoundStatus.DRAFT: {RoundStatus.OPEN, RoundStatus.CLOSED},
    RoundStatus.OPEN: {RoundStatus.LINKED, RoundStatus.CLOSED},
    RoundStatus.LINKED: {RoundStatus.OPEN, RoundStatus.LINKED, RoundStatus.CLOSED},
    RoundStatus.CLOSED: set(),
}


def can_move(current: str, target: str) -> bool:
    return RoundStatus(target) in ALLOWED_TRANSITIONS[RoundStatus(current)]
