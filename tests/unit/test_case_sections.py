"""The case page's sections: listed once, and two naming the same value is an error.

Before, four modules appended to a list at import time and a later `dict.update` silently
won a clash, so which value the page showed depended on import order.
"""

from __future__ import annotations

from typing import Any, cast

import pytest

from intake.backoffice.cases.sections import SECTIONS, SectionClash, collect
from intake.models import Case

CASE = cast(Case, object())  # the sections below never look at it


def forms(_item: Case) -> dict[str, Any]:
    return {"classify_form": "triage", "next_states": []}


def links(_item: Case) -> dict[str, Any]:
    return {"forward_links": []}


def another_form(_item: Case) -> dict[str, Any]:
    return {"classify_form": "someone else's", "answer_channels": []}


def test_sections_are_merged_in_their_order() -> None:
    found = collect(CASE, (forms, links), base={"case": "the case"})
    assert found == {
        "case": "the case",
        "classify_form": "triage",
        "next_states": [],
        "forward_links": [],
    }


def test_two_sections_with_the_same_key_are_an_error() -> None:
    with pytest.raises(SectionClash, match="another_form repeats classify_form"):
        collect(CASE, (forms, links, another_form))


def test_a_section_may_not_override_the_page_s_own_values() -> None:
    with pytest.raises(SectionClash, match="classify_form"):
        collect(CASE, (forms,), base={"classify_form": "the page's"})


def test_the_case_page_lists_each_section_once() -> None:
    assert len(SECTIONS) == len(set(SECTIONS))
    names = {f"{section.__module__}.{section.__qualname__}" for section in SECTIONS}
    assert {
        "intake.backoffice.triage.section.triage_forms",
        "intake.backoffice.forwarding.section.forward_context",
        "intake.backoffice.answers.section.answer_context",
        "intake.backoffice.measures.section.case_extras",
        "intake.backoffice.reviews.section.review_context",
        "intake.backoffice.triage.section.trail",
    } <= names
