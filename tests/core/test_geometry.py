"""core/geometry.py over many screen layouts (no Qt)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bugzot_desktop.core.geometry import (
    Rect,
    ScreenInfo,
    clamp_rect,
    compose_layout,
    desktop_bounds,
    device_length,
    device_rect_to_image,
    logical_rect_to_device,
    logical_rect_to_device_pieces,
    normalized,
    parse_region,
    screen_at,
    window_rect_in_image,
)

SINGLE = [ScreenInfo("A", Rect(0, 0, 1920, 1080))]
SIDE_BY_SIDE = [ScreenInfo("A", Rect(0, 0, 1920, 1080)), ScreenInfo("B", Rect(1920, 0, 1280, 1024))]
STACKED = [ScreenInfo("A", Rect(0, 0, 1920, 1080)), ScreenInfo("B", Rect(0, 1080, 1920, 1200))]
NEGATIVE = [ScreenInfo("A", Rect(0, 0, 1920, 1080)), ScreenInfo("L", Rect(-1280, -200, 1280, 1024))]
ABOVE = [ScreenInfo("A", Rect(0, 0, 1920, 1080)), ScreenInfo("T", Rect(300, -900, 1600, 900))]
# Qt 6: a 2x screen's origin stays native, its logical size halves (2560x1440 device = 1280x720 logical).
MIXED = [ScreenInfo("HI", Rect(0, 0, 1280, 720), 2.0), ScreenInfo("LO", Rect(2560, 0, 1920, 1080), 1.0)]
FRACTIONAL = [ScreenInfo("F", Rect(0, 0, 1366, 768), 1.25), ScreenInfo("N", Rect(-1024, 0, 1024, 768), 1.0)]
SEPARATE_X = [ScreenInfo("X0", Rect(0, 0, 1280, 720), desktop=0), ScreenInfo("X1", Rect(0, 0, 1024, 768), desktop=1)]


@pytest.mark.parametrize(
    ("layout", "bounds", "targets"),
    [
        (SINGLE, Rect(0, 0, 1920, 1080), [Rect(0, 0, 1920, 1080)]),
        (SIDE_BY_SIDE, Rect(0, 0, 3200, 1080), [Rect(0, 0, 1920, 1080), Rect(1920, 0, 1280, 1024)]),
        (STACKED, Rect(0, 0, 1920, 2280), [Rect(0, 0, 1920, 1080), Rect(0, 1080, 1920, 1200)]),
        (NEGATIVE, Rect(-1280, -200, 3200, 1280), [Rect(1280, 200, 1920, 1080), Rect(0, 0, 1280, 1024)]),
        (ABOVE, Rect(0, -900, 1920, 1980), [Rect(0, 900, 1920, 1080), Rect(300, 0, 1600, 900)]),
        (MIXED, Rect(0, 0, 4480, 1440), [Rect(0, 0, 2560, 1440), Rect(2560, 0, 1920, 1080)]),
        (FRACTIONAL, Rect(-1024, 0, 2732, 960), [Rect(1024, 0, 1708, 960), Rect(0, 0, 1024, 768)]),
        (SEPARATE_X, Rect(0, 0, 2304, 768), [Rect(0, 0, 1280, 720), Rect(1280, 0, 1024, 768)]),
    ],
    ids=["single", "side-by-side", "stacked", "negative-left", "negative-above", "mixed-scale", "fractional", "separate-x"],
)
def test_compose_layout_places_every_screen_in_device_pixels(layout, bounds, targets):
    got_bounds, placements = compose_layout(layout)
    assert got_bounds == bounds
    assert [p.target for p in placements] == targets
    assert [p.screen.name for p in placements] == [s.name for s in layout]


@pytest.mark.parametrize(
    ("layout", "screen_name", "logical", "device"),
    [
        (SINGLE, "A", (10, 20, 300, 200), Rect(10, 20, 300, 200)),
        (SIDE_BY_SIDE, "B", (2000, 100, 50, 60), Rect(2000, 100, 50, 60)),
        (NEGATIVE, "L", (-1000, -100, 200, 100), Rect(-1000, -100, 200, 100)),
        (MIXED, "HI", (100, 50, 300, 200), Rect(200, 100, 600, 400)),  # never a logical-size crop upscaled
        (MIXED, "LO", (2600, 10, 100, 100), Rect(2600, 10, 100, 100)),
        (FRACTIONAL, "F", (100, 100, 101, 33), Rect(125, 125, 126, 41)),
        (SINGLE, "A", (1900, 1060, 100, 100), Rect(1900, 1060, 20, 20)),  # clipped to the screen
    ],
)
def test_logical_selection_maps_to_device_pixels(layout, screen_name, logical, device):
    screen = next(s for s in layout if s.name == screen_name)
    assert logical_rect_to_device(logical, screen) == device


def test_selection_spanning_two_screens_with_different_scales_splits_per_screen():
    # Logical x 1000..1280 is on HI (2x), 2560..2700 on LO; the gap in between belongs to no screen.
    pieces = logical_rect_to_device_pieces((1000, 0, 1700, 100), MIXED)
    assert [(s.name, r) for s, r in pieces] == [("HI", Rect(2000, 0, 560, 200)), ("LO", Rect(2560, 0, 140, 100))]


@pytest.mark.parametrize(
    ("layout", "device", "image"),
    [
        (NEGATIVE, Rect(-1280, -200, 10, 10), Rect(0, 0, 10, 10)),
        (NEGATIVE, Rect(0, 0, 1920, 1080), Rect(1280, 200, 1920, 1080)),
        (ABOVE, Rect(300, -900, 5, 5), Rect(300, 0, 5, 5)),
        (SINGLE, Rect(-5, -5, 10, 10), Rect(0, 0, 5, 5)),
    ],
)
def test_device_rect_to_image(layout, device, image):
    bounds, _ = compose_layout(layout)
    assert device_rect_to_image(device, bounds) == image


def test_screen_at_and_placement_round_trip():
    assert screen_at(NEGATIVE, -1, -1).name == "L"
    assert screen_at(NEGATIVE, 0, 0).name == "A"
    assert screen_at(NEGATIVE, 5000, 0) is None
    _, placements = compose_layout(MIXED)
    hi = placements[0]
    assert hi.local_to_image(10, 20) == (20.0, 40.0)
    assert hi.image_to_local(20, 40) == (10.0, 20.0)
    assert hi.image_rect_to_local(Rect(200, 100, 600, 400)) == (100.0, 50.0, 300.0, 200.0)


def test_normalized_clamp_and_parse_region():
    assert normalized(50, 60, 10, 20) == (10, 20, 40, 40)
    assert clamp_rect(Rect(-5, 3, 10, 10), Rect(0, 0, 100, 100)) == Rect(0, 3, 10, 10)
    assert clamp_rect(Rect(95, 95, 10, 10), Rect(0, 0, 100, 100)) == Rect(90, 90, 10, 10)
    assert parse_region(" 1, 2,3 ,4") == Rect(1, 2, 3, 4)
    assert parse_region("-10,-20,30,40") == Rect(-10, -20, 30, 40)
    for bad in ("1,2,3", "a,b,c,d", "1,2,0,4", "1,2,3,-4", ""):
        with pytest.raises(ValueError, match="region"):
            parse_region(bad)


_scales = st.sampled_from([1.0, 1.25, 1.5, 2.0, 3.0])


@st.composite
def _row_layout(draw):
    """Screens in a row (optionally starting left of zero), each with its own scale."""
    n = draw(st.integers(1, 4))
    x = draw(st.integers(-5000, 0))
    y0 = draw(st.integers(-500, 500))
    screens = []
    for i in range(n):
        dpr = draw(_scales)
        w, h = draw(st.integers(200, 3000)), draw(st.integers(200, 2000))
        screens.append(ScreenInfo(f"S{i}", Rect(x, y0 + draw(st.integers(-300, 300)), w, h), dpr))
        x += device_length(w, dpr)  # device origins abut, as Qt 6 lays them out
    return screens


@settings(max_examples=150, deadline=None)
@given(_row_layout())
def test_composed_screens_never_overlap_and_fit_the_bounds(layout):
    bounds, placements = compose_layout(layout)
    assert bounds == desktop_bounds(layout)
    image = Rect(0, 0, bounds.w, bounds.h)
    for i, p in enumerate(placements):
        assert p.target.intersected(image) == p.target
        assert (p.target.w, p.target.h) == (p.screen.device.w, p.screen.device.h)
        for q in placements[i + 1 :]:
            assert p.target.intersected(q.target).is_empty()


@settings(max_examples=150, deadline=None)
@given(_row_layout(), st.data())
def test_whole_screen_selection_is_exactly_the_screen_in_device_pixels(layout, data):
    s = data.draw(st.sampled_from(layout))
    lg = s.logical
    assert logical_rect_to_device((lg.x, lg.y, lg.w, lg.h), s) == s.device


@pytest.mark.parametrize(
    ("layout", "xscreen", "window", "image"),
    [
        (SEPARATE_X, 1, Rect(10, 20, 100, 50), Rect(1290, 20, 100, 50)),  # second X screen sits right of the first
        (SEPARATE_X, 0, Rect(1200, 700, 200, 100), Rect(1200, 700, 80, 20)),  # clipped to its own screen
        (NEGATIVE, 0, Rect(-100, 0, 300, 100), Rect(1180, 200, 300, 100)),  # spans two screens of one desktop
        (SINGLE, 0, Rect(5000, 0, 10, 10), Rect(0, 0, 0, 0)),
    ],
)
def test_window_rect_in_image(layout, xscreen, window, image):
    _, placements = compose_layout(layout)
    assert window_rect_in_image(placements, xscreen, window) == image


def test_x_screen_numbers_map_to_qts_order_which_starts_with_the_default_screen():
    from bugzot_desktop.core.geometry import default_x_screen, qt_desktop_of

    assert [default_x_screen(d) for d in (":0", ":73.1", "host:2.3", "", None, "weird")] == [0, 1, 3, 0, 0, 0]
    assert [qt_desktop_of(x, 0) for x in range(3)] == [0, 1, 2]
    assert [qt_desktop_of(x, 1) for x in range(3)] == [1, 0, 2]
    assert [qt_desktop_of(x, 2) for x in range(3)] == [1, 2, 0]
