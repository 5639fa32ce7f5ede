"""The workflow of a kind laid out as a diagram: every stage once, every step an arrow between two
stages, steps forward going down, the same drawing every time, and in either language."""

from __future__ import annotations

import datetime as dt

import pytest

from adalat.cases.diagram import BOX_HEIGHT, BOX_WIDTH, Layout, Reached, case_on, layout
from adalat.jurisdictions.current import get_pack
from adalat.jurisdictions.schema import CaseKind

KINDS = sorted(get_pack().kinds)


def _kind(code: str) -> CaseKind:
    return get_pack().kind(code)


def _drawn(code: str, language: str = "en") -> Layout:
    return layout(_kind(code), language=language, instances=get_pack().header.instances)


@pytest.mark.parametrize("code", KINDS)
def test_every_stage_is_drawn_once_and_every_step_is_an_arrow_between_stages(code: str) -> None:
    kind = _kind(code)
    drawn = _drawn(code)

    assert sorted(node.code for node in drawn.nodes) == sorted(stage.code for stage in kind.stages)
    steps = {(t.action, source, t.to) for t in kind.transitions for source in t.from_}
    assert {(a.action, a.source, a.target) for a in drawn.arrows} == steps
    assert len(drawn.arrows) == len(steps)
    codes = {node.code for node in drawn.nodes}
    assert all(a.source in codes and a.target in codes for a in drawn.arrows)
    # no two boxes overlap, and all are inside the drawing
    boxes = [(n.x, n.y) for n in drawn.nodes]
    assert len(set(boxes)) == len(boxes)
    for node in drawn.nodes:
        assert node.x >= 0 and node.x + BOX_WIDTH <= drawn.width
        assert node.y >= 0 and node.y + BOX_HEIGHT <= drawn.height
    # a step forward goes down a layer or more; one back goes up (or stays); a loop stays
    layer = {node.code: node.layer for node in drawn.nodes}
    for arrow in drawn.arrows:
        if arrow.kind == "forward":
            assert layer[arrow.target] > layer[arrow.source], arrow
        elif arrow.kind == "back":
            assert layer[arrow.target] <= layer[arrow.source], arrow
        else:
            assert arrow.source == arrow.target
    # where a case starts is at the top
    assert layer[kind.initial_stage] == 0


@pytest.mark.parametrize("code", KINDS)
def test_the_same_kind_is_drawn_the_same_way_every_time(code: str) -> None:
    assert _drawn(code) == _drawn(code)


def test_the_criminal_workflow_runs_from_the_police_through_the_prosecutor_to_the_courts() -> None:
    drawn = _drawn("criminal")
    node = drawn.node

    assert [h.label for h in drawn.holders] == [
        "Investigative body",
        "Prosecutor's office",
        "Court",
        "Regional court of appeal",
    ]
    assert node("investigation").layer < node("prosecution_review").layer < node("received").layer
    assert node("received").layer < node("trial").layer < node("appeal").layer < node("appeal_decided").layer
    assert node("appeal_hearing").holder.label == "Regional court of appeal"
    kinds = {a.action: a.kind for a in drawn.arrows}
    assert kinds["extend_investigation"] == "loop"
    assert kinds["resume_investigation"] == kinds["return_for_investigation"] == kinds["resume"] == "back"
    assert kinds["send_to_court"] == "forward"
    handovers = {a.action for a in drawn.arrows if a.handover}
    assert {"send_to_prosecutor", "return_for_investigation", "send_to_court", "forward_appeal"} <= handovers
    assert "accept" not in handovers


def test_names_are_in_the_readers_language_and_long_ones_are_broken_to_fit() -> None:
    drawn = _drawn("criminal", "ru")

    assert drawn.name == "Уголовное"
    assert drawn.node("trial").name == "Судебное разбирательство"
    assert drawn.node("appeal").holder.label == "Областной апелляционный суд"
    assert {a.name for a in drawn.arrows if a.action == "send_to_court"} == {
        "Утвердить обвинительный акт и направить в суд"
    }
    for node in drawn.nodes:
        assert 1 <= len(node.lines) <= 3
        assert " ".join(node.lines) == node.name  # nothing lost where it fits
        assert all(len(line) <= 24 for line in node.lines)


def test_the_case_marks_its_current_stage_and_those_it_passed() -> None:
    drawn = _drawn("criminal")
    at = dt.datetime(2026, 11, 16, 9, tzinfo=dt.UTC)
    history = [
        Reached(stage="investigation", at=at, holder="District Police"),
        Reached(stage="prosecution_review", at=at + dt.timedelta(days=1), holder="District Prosecutor"),
        Reached(stage="investigation", at=at + dt.timedelta(days=2), holder="District Police"),
    ]

    stages, lines = case_on(drawn, history=history, current="investigation")

    marked = {s.node.code: (s.current, s.reached_at) for s in stages if s.current or s.reached_at}
    assert marked == {
        "investigation": (True, at + dt.timedelta(days=2)),  # the last time it got there
        "prosecution_review": (False, at + dt.timedelta(days=1)),
    }
    assert [(line.name, line.current) for line in lines] == [
        ("Pre-trial investigation", False),
        ("With the prosecutor", False),
        ("Pre-trial investigation", True),
    ]
