"""Settings: server URLs are checked as typed, and a settings file with wrong value types names the field."""

from __future__ import annotations

import json

import pytest

from bugzot_desktop.core.errors import BadInputError
from bugzot_desktop.core.settings import (
    Settings,
    load_settings,
    load_settings_or_defaults,
    normalize_server_url,
    same_server,
)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("http://", "Server URL 'http://' has no host name; write it like http://bugs.example.com:8000."),
        ("http://127.0.0.1:0", "Server URL 'http://127.0.0.1:0' has the port '0'; a port is a number from 1 to 65535."),
        ("http://127.0.0.1:99999",
         "Server URL 'http://127.0.0.1:99999' has the port '99999'; a port is a number from 1 to 65535."),
        ("http://h:abc", "Server URL 'http://h:abc' has the port 'abc'; a port is a number from 1 to 65535."),
        ("http://[::1", "Server URL 'http://[::1' is not a valid URL (Invalid IPv6 URL)."),
        ("http://exa mple.com",
         "Server URL 'http://exa mple.com' contains a space or a control character; a URL has none."),
        ("http://exa mple.com:99999",
         "Server URL 'http://exa mple.com:99999' contains a space or a control character; a URL has none."),
        ("http://a\nb", "Server URL 'http://a\\nb' contains a space or a control character; a URL has none."),
        ("ftp://x", "Server URL 'ftp://x' must start with http:// or https://."),
        ("bugs.example.com", "Server URL 'bugs.example.com' must start with http:// or https://."),
        ("http://h/x?y=1", "Server URL 'http://h/x?y=1' must not have a ?query or #fragment; give the server's address only."),
        ("  http://  ", "Server URL 'http://' has no host name; write it like http://bugs.example.com:8000."),
    ],
)
def test_a_bad_server_url_is_named_as_typed(typed, message):
    with pytest.raises(BadInputError) as info:
        normalize_server_url(typed)
    assert (str(info.value), info.value.field) == (message, "server_url")
    with pytest.raises(BadInputError, match="^Server URL "):
        Settings(server_url=typed).validate()


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        (" http://127.0.0.1:8411 ", "http://127.0.0.1:8411"),
        ("https://bugs.example.com/", "https://bugs.example.com"),
        ("http://[::1]:8000/bugzot/", "http://[::1]:8000/bugzot"),
        ("HTTPS://Bugs.Example.com:443", "HTTPS://Bugs.Example.com:443"),
        ("http://127.0.0.1:65535", "http://127.0.0.1:65535"),
    ],
)
def test_a_good_server_url_is_tidied(typed, url):
    assert normalize_server_url(typed) == url
    Settings(server_url=typed).validate()


def test_same_server_ignores_surrounding_space_and_trailing_slashes():
    assert same_server("http://a:1/", " http://a:1") and not same_server("http://a:1", "http://a:2")
    assert same_server(None, None) and not same_server(None, "http://a:1")


def test_wrong_value_types_are_refused_naming_the_file_and_the_field(data_dir):
    path = data_dir / "settings.json"
    path.write_text(json.dumps({"server_url": 5, "max_edge": "big"}))
    with pytest.raises(BadInputError) as info:
        load_settings(data_dir)
    assert str(info.value) == f"Settings file {path}: server_url must be text in quotes, not 5; fix or delete it."
    assert (info.value.field, info.value.path) == ("server_url", str(path))
    for raw, line in [
        ({"max_edge": "big"}, 'max_edge must be a whole number, not "big"'),
        ({"max_edge": 12.5}, "max_edge must be a whole number, not 12.5"),
        ({"max_edge": True}, "max_edge must be a whole number, not true"),
        ({"review_before_send": 1}, "review_before_send must be true or false, not 1"),
        ({"read_timeout_s": "60"}, 'read_timeout_s must be a number, not "60"'),
        ({"log_file": None}, "log_file must be text in quotes, not null"),
    ]:
        path.write_text(json.dumps(raw))
        with pytest.raises(BadInputError) as info:
            load_settings(data_dir)
        assert str(info.value) == f"Settings file {path}: {line}; fix or delete it."


def test_right_types_load_as_before(data_dir):
    (data_dir / "settings.json").write_text(json.dumps(
        {"server_url": " http://a:1 ", "max_edge": 800, "read_timeout_s": 30, "review_before_send": False, "extra": 1}
    ))
    assert load_settings(data_dir) == Settings(
        server_url="http://a:1", max_edge=800, read_timeout_s=30, review_before_send=False
    )


def test_the_app_gets_defaults_for_the_bad_fields_and_one_sentence(data_dir):
    path = data_dir / "settings.json"
    text = json.dumps({"server_url": 5, "max_edge": "big", "byte_budget": 50_000})
    path.write_text(text)
    settings, problem = load_settings_or_defaults(data_dir)
    assert settings == Settings(byte_budget=50_000)
    assert problem == (
        f'Settings file {path}: server_url must be text in quotes, not 5. max_edge must be a whole number, not "big". '
        "The defaults are used for server_url, max_edge until you save the settings."
    )
    assert path.read_text() == text  # the user's file is not touched
    path.write_text("{not json")
    settings, problem = load_settings_or_defaults(data_dir)
    assert settings == Settings() and problem.startswith(f"Settings file {path} could not be read (")
    assert problem.endswith("; fix or delete it. Default settings are used until you save the settings.")
    path.unlink()
    assert load_settings_or_defaults(data_dir) == (Settings(), None)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"connect_timeout_s": -1}, "connect_timeout_s",
         "connect_timeout_s must be a number of seconds above 0 and at most 600, not -1."),
        ({"connect_timeout_s": float("nan")}, "connect_timeout_s",
         "connect_timeout_s must be a number of seconds above 0 and at most 600, not NaN."),
        ({"read_timeout_s": 0}, "read_timeout_s",
         "read_timeout_s must be a number of seconds above 0 and at most 600, not 0."),
        ({"read_timeout_s": float("inf")}, "read_timeout_s",
         "read_timeout_s must be a number of seconds above 0 and at most 600, not Infinity."),
        ({"read_timeout_s": 601.5}, "read_timeout_s",
         "read_timeout_s must be a number of seconds above 0 and at most 600, not 601.5."),
        ({"log_lines": -3}, "log_lines", "log_lines must be a whole number from 1 to 100,000, not -3."),
        ({"log_lines": 0}, "log_lines", "log_lines must be a whole number from 1 to 100,000, not 0."),
        ({"log_lines": 100_001}, "log_lines", "log_lines must be a whole number from 1 to 100,000, not 100001."),
    ],
)
def test_validate_refuses_timeouts_and_log_lines_no_send_could_use(values, field, message):
    """#6: a NaN, zero or negative timeout reached requests as a ValueError on every send."""
    with pytest.raises(BadInputError) as info:
        Settings(**values).validate()
    assert (str(info.value), info.value.field) == (message, field)


def test_validate_accepts_the_edges_of_the_ranges():
    Settings(connect_timeout_s=0.1, read_timeout_s=600, log_lines=1).validate()
    Settings(connect_timeout_s=600.0, read_timeout_s=1, log_lines=100_000).validate()


def test_the_app_gets_defaults_for_values_the_cli_refuses(data_dir):
    """#7: the CLI refused these settings with exit 2 while the app said "Ready" and queued reports for ever."""
    path = data_dir / "settings.json"
    path.write_text('{"server_url": "http://exa mple.com:8000", "max_edge": 5, "connect_timeout_s": NaN, '
                    '"read_timeout_s": 30, "log_lines": "many"}')
    settings, problem = load_settings_or_defaults(data_dir)
    assert settings == Settings(read_timeout_s=30)
    assert problem == (
        f"Settings file {path}: Server URL 'http://exa mple.com:8000' contains a space or a control character; a URL "
        "has none. Longest edge 5 must be between 64 and 16383 pixels. connect_timeout_s must be a number of seconds "
        'above 0 and at most 600, not NaN. log_lines must be a whole number, not "many". The defaults are used for '
        "server_url, max_edge, connect_timeout_s, log_lines until you save the settings."
    )
    settings.validate()  # what the app runs with is usable


def test_a_settings_file_with_a_byte_order_mark_is_read(data_dir):
    """#8: Windows Notepad saves UTF-8 with a BOM; it was refused as unreadable ("Expecting value")."""
    (data_dir / "settings.json").write_bytes(b'\xef\xbb\xbf{"server_url": "http://127.0.0.1:8601", "max_edge": 800}')
    assert load_settings(data_dir) == Settings(server_url="http://127.0.0.1:8601", max_edge=800)
    assert load_settings_or_defaults(data_dir) == (Settings(server_url="http://127.0.0.1:8601", max_edge=800), None)
