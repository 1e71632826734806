"""core/text.py: a core message is its English text and keeps what the GUI needs to translate it."""

from __future__ import annotations

import pickle

from bugzot_desktop.core.errors import ImageError
from bugzot_desktop.core.text import QT_TRANSLATE_NOOP, Text, from_json, join, message_of, to_json


def test_text_is_the_english_sentence_and_remembers_template_and_arguments():
    what = Text(QT_TRANSLATE_NOOP("core", "an HTML page"))
    t = Text(QT_TRANSLATE_NOOP("core", "File {name} is {what}, not an image."), name="a.png", what=what)
    assert t == "File a.png is an HTML page, not an image." and isinstance(t, str)
    assert t.template == "File {name} is {what}, not an image."
    assert t.args == {"name": "a.png", "what": what} and isinstance(t.args["what"], Text)
    assert Text("No placeholders {here}") == "No placeholders {here}"  # no arguments: never formatted


def test_text_survives_pickling_inside_an_exception():
    err = ImageError(Text("File {name} is empty.", name="z.png"), path="/tmp/z.png")
    back = pickle.loads(pickle.dumps(err))  # worker processes hand errors back this way
    msg = message_of(back)
    assert isinstance(msg, Text) and msg == "File z.png is empty." and msg.args == {"name": "z.png"}
    assert str(back) == "File z.png is empty."


def test_message_of_plain_values():
    assert message_of(ValueError("plain")) == "plain"
    assert message_of("x") == "x"


def test_join_keeps_each_part_translatable():
    a, b = Text("x must be {what}", what=Text("a number")), "y is odd"
    joined = join("; ", [a, b])
    assert joined == "x must be a number; y is odd" and isinstance(joined, Text)
    assert joined.args == {"p0": a, "p1": b}
    assert join("{}", ["a", "b"]) == "a{}b" and join(", ", []) == ""


def test_json_round_trip_rebuilds_the_text_only_when_it_matches():
    t = Text("File {name} is {what} ({n} bytes).", name="a.png", what=Text("an HTML page"), n=12)
    data = to_json(t)
    back = from_json(str(t), data)
    assert back == t and isinstance(back, Text) and back.args["n"] == 12 and isinstance(back.args["what"], Text)
    assert to_json("plain") is None and from_json("plain", None) == "plain"
    assert from_json("other words", data) == "other words" and not isinstance(from_json("other words", data), Text)
    for broken in ("{", '{"template": "{x}", "args": {}}', '"just a string"', "[]"):
        assert from_json("kept", broken) == "kept"
