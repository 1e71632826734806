"""The API token lives in the system keyring; without one, in the user-only settings file."""

from __future__ import annotations

import stat

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from bugzot_desktop.core.settings import Settings, load_settings, read_token, save_settings, store_token


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username))


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    yield kr
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring():
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def test_token_goes_to_the_keyring_not_the_file(memory_keyring, data_dir):
    s = store_token(Settings(server_url="https://bugs.example.test"), "  s3cret-token ")
    save_settings(data_dir, s)
    assert memory_keyring.store == {("bugzot", "https://bugs.example.test"): "s3cret-token"}
    assert "s3cret-token" not in (data_dir / "settings.json").read_text()
    assert read_token(load_settings(data_dir)) == "s3cret-token"
    cleared = store_token(s, "")
    assert memory_keyring.store == {} and read_token(cleared) == ""


def test_without_a_keyring_the_token_is_in_a_user_only_file(no_keyring, data_dir):
    s = store_token(Settings(), "file-token")
    save_settings(data_dir, s)
    path = data_dir / "settings.json"
    assert '"api_token": "file-token"' in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_token(load_settings(data_dir)) == "file-token"


class CountingKeyring(MemoryKeyring):
    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def get_password(self, service, username):
        self.reads += 1
        return super().get_password(service, username)


def test_the_keyring_is_asked_once_per_server_and_a_new_token_is_seen_at_once():
    before = keyring.get_keyring()
    kr = CountingKeyring()
    keyring.set_keyring(kr)
    try:
        a, b = Settings(server_url="https://a.example.test"), Settings(server_url="https://b.example.test")
        kr.store[("bugzot", a.server_url)] = "token-a"
        assert [read_token(a) for _ in range(5)] == ["token-a"] * 5
        assert read_token(b) == "" and read_token(b) == ""
        assert kr.reads == 2  # one D-Bus round trip per server, not one per upload
        store_token(b, "token-b")
        assert read_token(b) == "token-b" and kr.reads == 2
        store_token(a, "")
        assert read_token(a) == "" and kr.store == {("bugzot", b.server_url): "token-b"}
    finally:
        keyring.set_keyring(before)


def test_keyring_is_imported_with_the_settings_module_not_by_a_worker_later():
    import subprocess
    import sys

    code = "import sys; import bugzot_desktop.core.settings; print('keyring' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def test_a_token_is_read_for_the_url_asked_and_the_file_token_only_for_the_settings_server(memory_keyring):
    memory_keyring.store[("bugzot", "https://b.example.test")] = "token-b"
    s = Settings(server_url="https://a.example.test", api_token="file-token-a")
    assert read_token(s) == read_token(s, "https://a.example.test/") == "file-token-a"
    assert read_token(s, " https://b.example.test/ ") == "token-b"
    assert read_token(s, "https://c.example.test") == ""  # never the settings server's token


def test_without_a_keyring_another_server_gets_no_token(no_keyring):
    from bugzot_desktop.core.settings import keyring_available

    s = Settings(server_url="https://a.example.test", api_token="file-token-a")
    assert keyring_available() is False
    assert (read_token(s), read_token(s, "https://b.example.test")) == ("file-token-a", "")
