"""The workflow of a kind of case laid out as a diagram: pure functions of the pack, no database.

Stages go in layers from top to bottom: a depth-first walk from the stages where a case starts (then
from any stage it did not reach, in the pack's order) sets aside the steps that lead back (resuming,
returning for further investigation); the rest form a graph without cycles, and each stage sits one
layer below the furthest stage that leads to it. A step forward is an arrow down; a step back runs
between the boxes and up a lane on the right; a step that stays at its stage (extending a term) is a
loop on the left. Stages are coloured by who holds the case there. The same kind laid out twice
gives the same drawing, and the page draws it as inline SVG (``cases/panels/workflow.html``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from adalat.core.organization_kinds import OrganizationKind
from adalat.jurisdictions.schema import CaseKind, Stage, Text, label_of

BOX_WIDTH = 200
BOX_HEIGHT = 62
GAP_X = 28
GAP_Y = 46
MARGIN = 16
LANE = 11  # between the lanes of the steps back, on the right
LOOP = 22  # room on the left for the loops of steps that stay at their stage
LINE_CHARS = 24  # about this many characters fit a line of a box at the font the page uses
LINES = 3
LINE_HEIGHT = 16


@dataclass(frozen=True)
class Holder:
    """Who holds the case at some stages: a kind of organization and, for courts, its instances."""

    key: str  # "court", "court:2", "prosecutor_office"
    index: int  # in order of appearance: the colour
    label: str


@dataclass(frozen=True)
class Node:
    code: str
    name: str
    lines: tuple[str, ...]  # the name broken to fit the box
    holder: Holder
    layer: int
    x: int
    y: int
    starts: bool  # a case may be registered at this stage
    resolves: bool

    @property
    def centre(self) -> int:
        return self.x + BOX_WIDTH // 2

    @property
    def first_line(self) -> int:
        """Where the first line's baseline is below the box's top, the lines centred in the box."""
        return (BOX_HEIGHT - (len(self.lines) - 1) * LINE_HEIGHT) // 2 + 5


@dataclass(frozen=True)
class Arrow:
    action: str
    name: str
    source: str
    target: str
    handover: bool
    kind: str  # "forward", "back" or "loop"
    path: str  # SVG path data: numbers only


@dataclass(frozen=True)
class Layout:
    kind: str
    name: str
    nodes: tuple[Node, ...]  # in reading order: layer by layer, left to right
    arrows: tuple[Arrow, ...]
    holders: tuple[Holder, ...]
    width: int
    height: int

    def node(self, code: str) -> Node:
        for node in self.nodes:
            if node.code == code:
                return node
        raise KeyError(code)


def _wrap(text: str) -> tuple[str, ...]:
    """``text`` in at most ``LINES`` lines of about ``LINE_CHARS`` characters, broken between words
    (a word longer than a line is cut), the last line ending in "…" when the rest does not fit."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > LINE_CHARS:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[: LINE_CHARS - 1] + "-")
            word = word[LINE_CHARS - 1 :]
        if current and len(current) + 1 + len(word) > LINE_CHARS:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    if len(lines) > LINES:
        lines = [*lines[: LINES - 1], lines[LINES - 1][: LINE_CHARS - 1] + "…"]
    return tuple(lines) or ("",)


def _holder_key(kind: CaseKind, stage: Stage) -> str:
    holder = kind.holder_of(stage.code)
    if holder == OrganizationKind.COURT and stage.instances:
        return f"{holder.value}:{','.join(str(i) for i in sorted(stage.instances))}"
    return holder.value


def _holder_label(key: str, instances: dict[int, Text], language: str) -> str:
    kind, _, levels = key.partition(":")
    if levels:
        known = [label_of(instances[int(level)], language) for level in levels.split(",") if int(level) in instances]
        if known:
            return " / ".join(known)
    return str(OrganizationKind(kind).label)


def _edges(kind: CaseKind) -> list[tuple[str, str, int]]:
    """Every step as (from, to, the transition's index), in the pack's order."""
    known = {stage.code for stage in kind.stages}
    return [
        (source, transition.to, index)
        for index, transition in enumerate(kind.transitions)
        for source in transition.from_
        if source in known and transition.to in known
    ]


def _back_edges(kind: CaseKind, edges: list[tuple[str, str, int]]) -> set[tuple[str, str, int]]:
    """The steps that lead back to a stage on the way to them: a depth-first walk from where cases
    start, then from every stage not yet reached, in the pack's order."""
    following: dict[str, list[tuple[str, str, int]]] = {stage.code: [] for stage in kind.stages}
    for item in edges:
        following[item[0]].append(item)
    starts = [kind.initial_stage, *kind.also_starts_at, *(stage.code for stage in kind.stages)]
    state: dict[str, int] = {}  # 1: on the walk's path, 2: done
    back: set[tuple[str, str, int]] = set()
    for start in starts:
        if start in state or start not in following:
            continue
        state[start] = 1
        stack = [(start, iter(following[start]))]
        while stack:
            code, pending = stack[-1]
            edge = next(pending, None)
            if edge is None:
                state[code] = 2
                stack.pop()
                continue
            target = edge[1]
            if target == code:
                continue  # a loop: drawn apart
            if state.get(target) == 1:
                back.add(edge)
            elif target not in state:
                state[target] = 1
                stack.append((target, iter(following[target])))
    return back


def _layers(kind: CaseKind, forward: list[tuple[str, str, int]]) -> dict[str, int]:
    """Each stage one layer below the furthest stage that leads to it (``forward`` has no cycle)."""
    before: dict[str, list[str]] = {stage.code: [] for stage in kind.stages}
    for source, target, _index in forward:
        before[target].append(source)
    layer: dict[str, int] = {}

    def place(code: str) -> int:
        # Iterative, deepest first: a pack's longest chain is short, but the code need not rely on it.
        stack = [code]
        while stack:
            top = stack[-1]
            waiting = [s for s in before[top] if s not in layer]
            if waiting:
                stack.extend(waiting)
                continue
            stack.pop()
            layer[top] = max((layer[s] + 1 for s in before[top]), default=0)
        return layer[code]

    for stage in kind.stages:
        if stage.code not in layer:
            place(stage.code)
    return layer


def _order(kind: CaseKind, layer: dict[str, int], forward: list[tuple[str, str, int]]) -> list[list[str]]:
    """The stages of each layer, left to right: under the stages that lead to them (the average of
    their places), else in the pack's order."""
    declared = {stage.code: i for i, stage in enumerate(kind.stages)}
    rows: list[list[str]] = [[] for _ in range(max(layer.values(), default=-1) + 1)]
    for stage in kind.stages:
        rows[layer[stage.code]].append(stage.code)
    place: dict[str, float] = {}
    for row in rows:

        def weight(code: str) -> tuple[float, int]:
            sources = [place[s] for s, t, _i in forward if t == code and s in place]
            return (sum(sources) / len(sources) if sources else float(declared[code]), declared[code])

        row.sort(key=weight)
        for position, code in enumerate(row):
            place[code] = position - (len(row) - 1) / 2
    return rows


def _spread(count: int, index: int, centre: float, room: float) -> float:
    """The place of the ``index``-th of ``count`` arrow ends along a side ``room`` wide."""
    if count <= 1:
        return centre
    return centre - room / 2 + room * index / (count - 1)


def layout(kind: CaseKind, *, language: str, instances: dict[int, Text]) -> Layout:
    """``kind``'s workflow laid out, its texts in ``language`` (``instances``: the pack's names of
    court instances)."""
    edges = _edges(kind)
    back = _back_edges(kind, edges)
    forward = [e for e in edges if e not in back and e[0] != e[1]]
    layer = _layers(kind, forward)
    rows = _order(kind, layer, forward)
    widest = max((len(row) for row in rows), default=1)
    loops = any(e[0] == e[1] for e in edges)
    left = MARGIN + (LOOP if loops else 0)
    body = widest * BOX_WIDTH + (widest - 1) * GAP_X
    lanes = len(back)
    width = left + body + (MARGIN + lanes * LANE if lanes else 0) + MARGIN
    height = 2 * MARGIN + len(rows) * BOX_HEIGHT + max(len(rows) - 1, 0) * GAP_Y

    holders: dict[str, Holder] = {}
    nodes: dict[str, Node] = {}
    starting = {kind.initial_stage, *kind.also_starts_at}
    for number, row in enumerate(rows):
        row_width = len(row) * BOX_WIDTH + (len(row) - 1) * GAP_X
        for position, code in enumerate(row):
            stage = kind.stage(code)
            key = _holder_key(kind, stage)
            if key not in holders:
                holders[key] = Holder(key=key, index=len(holders), label=_holder_label(key, instances, language))
            name = stage.label(language)
            nodes[code] = Node(
                code=code,
                name=name,
                lines=_wrap(name),
                holder=holders[key],
                layer=number,
                x=left + (body - row_width) // 2 + position * (BOX_WIDTH + GAP_X),
                y=MARGIN + number * (BOX_HEIGHT + GAP_Y),
                starts=code in starting,
                resolves=stage.resolves,
            )

    leaving = {code: [e for e in forward if e[0] == code] for code in nodes}
    arriving = {code: [e for e in forward if e[1] == code] for code in nodes}
    arrows: list[Arrow] = []
    lane_of = {edge: i for i, edge in enumerate(sorted(back, key=lambda e: (nodes[e[0]].layer, e[2], e[0])))}
    right = left + body + MARGIN
    for edge in edges:
        source_code, target_code, index = edge
        transition = kind.transitions[index]
        source, target = nodes[source_code], nodes[target_code]
        if source_code == target_code:
            y = source.y + BOX_HEIGHT // 2
            path = f"M{source.x},{y - 10} C{source.x - LOOP},{y - 22} {source.x - LOOP},{y + 22} {source.x},{y + 10}"
            kind_of = "loop"
        elif edge in back:
            # Up from the source's top, along the gap above it to the lane, up the lane, along the gap
            # under the target and into its bottom: between the boxes, never across one.
            lane = lane_of[edge]
            x = right + lane * LANE
            inset = BOX_WIDTH - 6 - (lane % 3) * 6
            above = source.y - 10 - (lane % 5) * 6
            below = target.y + BOX_HEIGHT + 10 + (lane % 5) * 6
            path = f"M{source.x + inset},{source.y} V{above} H{x} V{below} H{target.x + inset} V{target.y + BOX_HEIGHT}"
            kind_of = "back"
        else:
            out, into = leaving[source_code], arriving[target_code]
            sx = _spread(len(out), out.index(edge), source.x + BOX_WIDTH / 2, BOX_WIDTH * 0.6)
            tx = _spread(len(into), into.index(edge), target.x + BOX_WIDTH / 2, BOX_WIDTH * 0.6)
            sy, ty = source.y + BOX_HEIGHT, target.y
            bend = GAP_Y * 0.6
            path = f"M{sx:.0f},{sy} C{sx:.0f},{sy + bend:.0f} {tx:.0f},{ty - bend:.0f} {tx:.0f},{ty}"
            kind_of = "forward"
        arrows.append(
            Arrow(
                action=transition.action,
                name=transition.label(language),
                source=source_code,
                target=target_code,
                handover=transition.handover is not None,
                kind=kind_of,
                path=path,
            )
        )
    ordered = tuple(nodes[code] for row in rows for code in row)
    return Layout(
        kind=kind.code,
        name=kind.label(language),
        nodes=ordered,
        arrows=tuple(arrows),
        holders=tuple(holders.values()),
        width=width,
        height=height,
    )


# --- the case on the diagram ---------------------------------------------------------------------


@dataclass(frozen=True)
class Reached:
    """A stage the case reached (read from its events), when, and who held it then."""

    stage: str
    at: dt.datetime
    holder: str  # the organization's name, "" when not known


@dataclass(frozen=True)
class StageShown:
    node: Node
    current: bool
    reached_at: dt.datetime | None  # when the case last reached it


@dataclass(frozen=True)
class HistoryLine:
    reached: Reached
    name: str  # the stage's name, or its code when the pack no longer has it
    current: bool  # the case is still where this line took it


def last_reached(history: Iterable[Reached]) -> dict[str, dt.datetime]:
    """When the case last reached each stage it has been at."""
    reached: dict[str, dt.datetime] = {}
    for item in history:
        reached[item.stage] = item.at
    return reached


def case_on(drawn: Layout, *, history: list[Reached], current: str) -> tuple[list[StageShown], list[HistoryLine]]:
    """The stages of ``drawn`` marked for a case now at ``current`` that went through ``history``,
    and the history's lines, the last marked when the case is still there."""
    reached = last_reached(history)
    stages = [StageShown(node=n, current=n.code == current, reached_at=reached.get(n.code)) for n in drawn.nodes]
    names = {node.code: node.name for node in drawn.nodes}
    lines = [
        HistoryLine(
            reached=item,
            name=names.get(item.stage, item.stage),
            current=i == len(history) - 1 and item.stage == current,
        )
        for i, item in enumerate(history)
    ]
    return stages, lines
