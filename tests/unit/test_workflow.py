"""The workflow's states and transitions (pure)."""

from __future__ import annotations

import pytest

from intake.triage import workflow


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("new", "triaged"),
        ("triaged", "forwarded"),
        ("forwarded", "statement"),
        ("statement", "answered"),
        ("answered", "closed"),
        ("new", "handed_off"),
        ("triaged", "answered"),
        ("triaged", "closed"),
        ("closed", "triaged"),
    ],
)
def test_allowed_steps(start: str, end: str) -> None:
    workflow.check(start, end)


@pytest.mark.parametrize(
    ("start", "end"),
    [("new", "closed"), ("new", "answered"), ("closed", "answered"), ("answered", "new")],
)
def test_refused_steps(start: str, end: str) -> None:
    with pytest.raises(workflow.TransitionError):
        workflow.check(start, end)


def test_unknown_state_is_refused() -> None:
    with pytest.raises(workflow.TransitionError):
        workflow.next_states("archived")


def test_every_state_can_be_reached_from_new_and_every_target_is_a_state() -> None:
    for state in workflow.STATES[1:]:
        assert workflow.path_to("new", state), state
    for targets in workflow.TRANSITIONS.values():
        assert set(targets) <= set(workflow.STATES)


@pytest.mark.parametrize(
    ("start", "end", "path"),
    [
        ("new", "forwarded", ["triaged", "forwarded"]),
        ("new", "answered", ["triaged", "answered"]),
        ("statement", "closed", ["answered", "closed"]),
        ("answered", "answered", []),
    ],
)
def test_shortest_paths(start: str, end: str, path: list[str]) -> None:
    assert workflow.path_to(start, end) == path
