"""core/markup.py: the mark-up data model and its JSON round trip (no Qt)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.markup import KINDS, Markup, MarkupItem


def _sample() -> Markup:
    return Markup(
        800,
        600,
        (
            MarkupItem("arrow", ((10, 10), (100, 50))),
            MarkupItem("rect", ((5.5, 6), (40, 30)), color="#00ff00", width=2),
            MarkupItem("pen", ((1, 1), (2, 3), (4, 4))),
            MarkupItem("text", ((50, 50),), text="Bug here ✓", font_size=18),
            MarkupItem("step", ((200, 200),), number=1),
            MarkupItem("step", ((220, 200),), number=2),
            MarkupItem("pixelate", ((300, 300), (350, 320))),
        ),
        crop=(0, 0, 400, 300),
    )


def test_round_trip_through_json_is_exact():
    m = _sample()
    text = json.dumps(m.to_dict())
    back = Markup.from_dict(json.loads(text))
    assert back == m
    assert json.dumps(back.to_dict()) == text
    assert m.to_dict()["items"][1] == {"kind": "rect", "points": [[5.5, 6], [40, 30]], "color": "#00ff00", "width": 2}


def test_helpers():
    m = _sample()
    assert m.next_step_number() == 3
    assert m.has_redactions is True
    assert m.output_size() == (400, 300)
    assert Markup(10, 10).is_empty() is True
    assert MarkupItem("line", ((10, 20), (0, 5))).box() == (0, 5, 10, 15)
    assert MarkupItem("line", ((1, 2), (3, 4))).translated(1, -1).points == ((2, 1), (4, 3))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], "not a JSON object"),
        ({"version": 99, "image": {"width": 1, "height": 1}}, "version 99"),
        ({"version": 1}, "malformed"),
        ({"version": 1, "image": {"width": 0, "height": 5}}, "not positive"),
        ({"version": 1, "image": {"width": 10, "height": 10}, "crop": [5, 5, 10, 10]}, "does not fit"),
        ({"version": 1, "image": {"width": 10, "height": 10}, "items": [{"kind": "star", "points": [[1, 1]]}]}, "unknown"),
        ({"version": 1, "image": {"width": 10, "height": 10}, "items": [{"kind": "rect", "points": [[1, 1]]}]}, "needs 2"),
        ({"version": 1, "image": {"width": 10, "height": 10}, "items": [{"kind": "pen", "points": [[1, 1]]}]}, "at least 2"),
        ({"version": 1, "image": {"width": 10, "height": 10}, "items": [{"kind": "line", "points": [[1, 1], [2, 2]], "color": "red"}]}, "#rrggbb"),
        ({"version": 1, "image": {"width": 10, "height": 10}, "items": [{"kind": "step", "points": [[1, 1]], "number": 0}]}, "1 or more"),
        ({"version": 1, "image": {"width": 10, "height": 10}, "items": [{"points": [[1, 1]]}]}, "malformed"),
        ({"version": 1, "image": {"width": 10, "height": 10}, "items": "x"}, "malformed"),
    ],
)
def test_malformed_markup_is_a_bad_input_error_naming_the_problem(raw, message):
    with pytest.raises(BadInputError, match=message):
        Markup.from_dict(raw)


_coord = st.floats(min_value=-1000, max_value=5000, allow_nan=False).map(lambda v: round(v, 2))
_point = st.tuples(_coord, _coord)


@st.composite
def _items(draw):
    kind = draw(st.sampled_from(KINDS))
    n = 2 if kind in ("arrow", "line", "rect", "ellipse", "pixelate", "blur") else (1 if kind in ("text", "step") else draw(st.integers(2, 20)))
    return MarkupItem(
        kind,
        tuple(draw(_point) for _ in range(n)),
        color=draw(st.sampled_from(["#000000", "#e53935", "#FFaa00"])),
        width=draw(st.sampled_from([1, 2.5, 4, 12])),
        text=draw(st.text(max_size=30)) if kind == "text" else "",
        number=draw(st.integers(1, 99)) if kind == "step" else 0,
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(_items(), max_size=8))
def test_any_markup_round_trips(items):
    m = Markup(1920, 1080, tuple(items))
    assert Markup.from_dict(json.loads(json.dumps(m.to_dict()))) == m
