"""The KRM workflow as data: states and the transitions between them (no database here).

    new → triaged → forwarded → statement → answered → closed
                 ↘ answered (no lead needed, e.g. praise)  ↘ closed (nothing to answer)
    answered / closed / handed_off → triaged (reopened, e.g. to forward again)
    new / triaged → handed_off (not a KRM case: Widerspruch, IFG, …)

Spam is not a state but the `is_spam` flag: a case keeps its state while in the spam
folder, and the audit trail records moving in and out as "→ spam" / "spam →".
"""

from __future__ import annotations

STATES = ("new", "triaged", "forwarded", "statement", "answered", "closed", "handed_off")
OPEN_STATES = frozenset(("new", "triaged", "forwarded", "statement"))
ENDED_STATES = frozenset(("closed", "handed_off"))
SPAM = "spam"

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("triaged", "handed_off"),
    "triaged": ("forwarded", "answered", "closed", "handed_off"),
    "forwarded": ("statement", "answered", "triaged"),
    "statement": ("answered", "forwarded"),
    "answered": ("closed", "triaged", "statement"),
    "closed": ("triaged",),  # reopen
    "handed_off": ("triaged", "closed"),
}


class TransitionError(ValueError):
    """A transition the workflow does not allow."""


def next_states(state: str) -> tuple[str, ...]:
    """Where a case in `state` may go next."""
    if state not in TRANSITIONS:
        raise TransitionError(f"unknown state {state!r}")
    return TRANSITIONS[state]


def check(from_state: str, to_state: str) -> None:
    """Raise TransitionError unless `from_state → to_state` is allowed."""
    if to_state not in next_states(from_state):
        raise TransitionError(f"{from_state} → {to_state} is not allowed")


def path_to(from_state: str, to_state: str) -> list[str]:
    """The shortest chain of states from one to another (excluding the start), or []."""
    if from_state == to_state:
        return []
    frontier: list[list[str]] = [[from_state]]
    seen = {from_state}
    while frontier:
        chain = frontier.pop(0)
        for following in TRANSITIONS.get(chain[-1], ()):
            if following == to_state:
                return [*chain[1:], following]
            if following not in seen:
                seen.add(following)
                frontier.append([*chain, following])
    return []
