"""The referral workflow: which step may follow which, and who takes it.

draft -> sent -> accepted | declined (with a reason) | expired -> in progress -> completed
(with an outcome) | closed; the sender may withdraw until the referral is finished. The services
enforce this table; nothing else changes a referral's state.
"""

from __future__ import annotations

from dataclasses import dataclass

from .constants import Priority, ReferralState

S = ReferralState

SENDER = "sender"
RECEIVER = "receiver"
SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    side: str  # who takes the step: the sending or receiving organisation, or the system
    requires: str = ""  # "reason" or "outcome" when the step needs one


ALLOWED_TRANSITIONS: dict[tuple[str, str], Transition] = {
    (S.DRAFT, S.SENT): Transition(SENDER),
    (S.DRAFT, S.WITHDRAWN): Transition(SENDER),
    (S.SENT, S.ACCEPTED): Transition(RECEIVER),
    (S.SENT, S.DECLINED): Transition(RECEIVER, requires="reason"),
    (S.SENT, S.EXPIRED): Transition(SYSTEM),
    (S.SENT, S.WITHDRAWN): Transition(SENDER),
    (S.ACCEPTED, S.IN_PROGRESS): Transition(RECEIVER),
    (S.ACCEPTED, S.CLOSED): Transition(RECEIVER),
    (S.ACCEPTED, S.WITHDRAWN): Transition(SENDER),
    (S.IN_PROGRESS, S.COMPLETED): Transition(RECEIVER, requires="outcome"),
    (S.IN_PROGRESS, S.CLOSED): Transition(RECEIVER),
    (S.IN_PROGRESS, S.WITHDRAWN): Transition(SENDER),
}

#: States in which nothing more happens; retention starts counting from here.
FINAL_STATES = frozenset({S.DECLINED, S.EXPIRED, S.COMPLETED, S.CLOSED, S.WITHDRAWN})
#: States in which the receiver still owes the client something.
OPEN_STATES = frozenset({S.SENT, S.ACCEPTED, S.IN_PROGRESS})

#: Working days the receiver has to respond (OPkomst, action 2.6: first contact within five).
RESPONSE_WORKING_DAYS = {Priority.HIGH: 5, Priority.NORMAL: 10}


def transition_for(current: str, target: str) -> Transition | None:
    return ALLOWED_TRANSITIONS.get((current, target))


def next_states(current: str, side: str) -> list[str]:
    """The steps the given side may take from the current state, in table order."""
    return [to for (frm, to), t in ALLOWED_TRANSITIONS.items() if frm == current and t.side == side]
