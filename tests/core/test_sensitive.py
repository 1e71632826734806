"""core/sensitive.py: what gets flagged, the exact spans, and what masking leaves."""

from __future__ import annotations

import pytest

from bugzot_desktop.core.sensitive import Finding, find_sensitive, mask, summary

HOME = "/home/alice"


def kinds_and_texts(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_sensitive(text, home=HOME)]


def test_email_span_is_exact():
    text = "Contact bob.smith+bugs@example.co.uk today."
    assert find_sensitive(text, home=HOME) == [Finding(8, 36, "email", "bob.smith+bugs@example.co.uk")]
    assert mask(text, home=HOME) == "Contact [email] today."


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Authorization: Bearer abcDEF123.456-xyz_789", "abcDEF123.456-xyz_789"),
        ("key AKIAIOSFODNN7EXAMPLE leaked", "AKIAIOSFODNN7EXAMPLE"),
        ("aws_secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY9 end", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY9"),
        ("Token: Bearer abcdefghijklmnop1234 end", "abcdefghijklmnop1234"),
        ("password=hunter2!", "hunter2!"),
        ('"api_key": "s3cr3t-value"', "s3cr3t-value"),
        ("key 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 end", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
        ("blob dGhpcyBpcyBhIHNlY3JldCBrZXkgdGhhdCBpcyBsb25nIDEyMw== end", "dGhpcyBpcyBhIHNlY3JldCBrZXkgdGhhdCBpcyBsb25nIDEyMw=="),
        ("tok ghp_1234567890abcdefghijABCDEFGHIJ123456 end", "ghp_1234567890abcdefghijABCDEFGHIJ123456"),
        ("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.SflKxwRJSMeKKF2QT4fwpM end", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.SflKxwRJSMeKKF2QT4fwpM"),
        # .env files: the name carries a prefix (these went through unflagged)
        ("DB_PASSWORD=hunter2hunter2", "hunter2hunter2"),
        ("MYSQL_ROOT_PASSWORD=Sup3rS3cret!", "Sup3rS3cret!"),
        ("GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx", "glpat-xxxxxxxxxxxxxxxxxxxx"),
        ("STRIPE_SECRET_KEY=rk_live_abc123", "rk_live_abc123"),
        ("export db.password: s3cr3t!", "s3cr3t!"),
        ("pass=hunter22", "hunter22"),
        # the whole value, whatever it holds (masking sent '&3xyz', the end of this one)
        ("I used password: Tr0ub4dor&3xyz today", "Tr0ub4dor&3xyz"),
        ("password=abc;def;ghi", "abc;def;ghi"),
        ('PASSWORD="a b c d"', "a b c d"),
        ("mysql -u root -pS3cretPW shop", "S3cretPW"),
        # forms that went through unflagged: no separator, camelCase, short names, passwords in URLs
        ("export PGPASSWORD=Sup3rS3cret", "Sup3rS3cret"),
        ('"dbPassword": "hunter2hunter2"', "hunter2hunter2"),
        ("adminPassword: Adm1n!Pass", "Adm1n!Pass"),
        ("smtpPass=mailpass99", "mailpass99"),
        ("stripeSecretKey=rk_live_51Habc", "rk_live_51Habc"),
        ("ADMIN_PW=letmein42", "letmein42"),
        ("DATABASE_URL=postgres://app:S3cr3tPw@db.internal:5432/app", "S3cr3tPw"),
        ("redis://:MyRedisPass@cache:6379/0", "MyRedisPass"),
        ("open https://user:hunter2@example.org/x", "hunter2"),
    ],
)
def test_tokens_and_keys(text, secret):
    assert kinds_and_texts(text) == [("token", secret)]
    assert mask(text, home=HOME) == text.replace(secret, "[token]")


def test_private_key_block_is_one_finding():
    block = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nmail@inside.example\n-----END OPENSSH PRIVATE KEY-----"
    text = f"before\n{block}\nafter"
    assert kinds_and_texts(text) == [("private_key", block)]
    assert mask(text, home=HOME) == "before\n[private key]\nafter"


def test_ip_addresses():
    text = "from 192.168.1.20 via fe80::1%eth0 and 2001:db8::8a2e:370:7334."
    assert kinds_and_texts(text) == [("ip", "192.168.1.20"), ("ip", "fe80::1%eth0"), ("ip", "2001:db8::8a2e:370:7334")]


@pytest.mark.parametrize(
    "text",
    [
        "at 12:34:56 the build 1.2.3 ran",
        "version 300.1.1.1 and 1.2.3.4.5",
        "std::vector<int> a::b",
        "/usr/share/zoneinfo/Europe/Berlin",
        "ordinary words without anything sensitive at all",
        "a/very/long/path/made/of/lowercase/words/only/here",
        "the password is wrong and the token expired",  # prose about a password is no password
        "passwords: see the wiki",
        # bug-report prose that the review flagged as a token or password (and the CLI refused)
        "Basic functionality is broken after the update",
        "Basic authentication fails with 401",
        "The token returned by the server is empty",
        "Token validation failed after the update; token generation takes 30 seconds",
        "I used the token provider PKCEFlowHandler",
        "Error: Invalid credentials: please try again",
        "Login says 'Invalid token: signature has expired'",
        "access token: refreshed every 5 minutes",
        "Login API returns HTTP 401 Token: expired",
        "passwd: password updated successfully",
        "Password: must be at least 8 characters",
        "After clicking Forgot-Password: nothing happens",
        "Secret: none, this is a public repo",
        "Tests: pass=1234 fail=0",
        "Built with mysql client using -pthread",
        "commit 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b",
        "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        'File "/usr/lib/python3/dist-packages/PyQt5/QtWidgets/__init__.py", line 3',
        "see app/src/main/java/com/example/ui/MainActivity2.kt",
        "bypass=true compass: north",
    ],
)
def test_ordinary_text_is_not_flagged(text):
    assert find_sensitive(text, home=HOME) == []


def test_home_paths_keep_the_rest_of_the_path():
    text = 'File "/home/alice/proj/app.py", line 3; also /home/alicia/x and C:\\Users\\Bob\\AppData'
    assert kinds_and_texts(text) == [("home_path", "/home/alice"), ("home_path", "/home/alicia"), ("home_path", "C:\\Users\\Bob")]
    assert mask(text, home=HOME) == 'File "~/proj/app.py", line 3; also ~/x and ~\\AppData'


def test_custom_home_outside_home_dirs():
    text = "config in /srv/users/alice/.config and /srv/users/alicex"
    assert kinds_and_texts(text) == []
    found = find_sensitive(text, home="/srv/users/alice")
    assert [(f.kind, f.text) for f in found] == [("home_path", "/srv/users/alice")]


def test_mask_only_chosen_findings_and_skips_stale_spans():
    text = "a@b.example from 10.0.0.1"
    email, ip = find_sensitive(text, home=HOME)
    assert mask(text, [ip]) == "a@b.example from [ip]"
    assert mask("changed text entirely", [email]) == "changed text entirely"


def test_summary_counts_by_kind():
    text = "x@y.example 10.0.0.1 z@w.example token=abcdef12"
    assert summary(find_sensitive(text, home=HOME)) == {"email": 2, "token": 1, "ip": 1}


def test_masked_text_has_nothing_left_to_flag():
    text = "user=jane.doe@example.com api_key=ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123 token: abcdefghijklmnop1234 host 10.1.2.3"
    masked = mask(text)
    assert masked == "user=[email] api_key=[token] token: [token] host [ip]"
    assert find_sensitive(masked) == []
    assert mask(masked) == masked


def test_a_large_log_with_many_findings_is_masked_exactly():
    """One pass (was one string rebuild per finding: 12 s for a 2 MB log)."""
    lines = [f"line {n} user bob{n}@example.com at 10.0.{n // 250}.{n % 250} token=Zq81pXv0LmT7sR{n:06d}\n"
             for n in range(20_000)]
    text = "".join(lines)
    found = find_sensitive(text)
    assert len(found) == 60_000
    masked = mask(text, found)
    assert masked == "".join(f"line {n} user [email] at [ip] token=[token]\n" for n in range(20_000))
    assert mask(text, found[::-1]) == masked  # the order findings are given in does not matter


def test_an_empty_value_does_not_reach_into_the_next_line():
    # "SMTP_PASSWORD=" then a newline: the value ran on into the next line and masked half of it,
    # leaving 'secret phrase"' of the quoted password there.
    text = 'SMTP_PASSWORD=\nDB_PASSWORD="my secret phrase"\nAPP_NAME=myapp\n'
    assert kinds_and_texts(text) == [("token", "my secret phrase")]
    assert mask(text, home=HOME) == 'SMTP_PASSWORD=\nDB_PASSWORD="[token]"\nAPP_NAME=myapp\n'


def test_a_long_line_naming_mysql_often_is_checked_at_once():
    # One 329 KB JSON line listing 6000 hosts mysql-N.db.internal froze the review for 29 s: the -p pattern
    # scanned to the end of the line from every "mysql" (quadratic). Now it looks a few words ahead.
    line = "".join(f'"mysql-{i}.db.internal", ' for i in range(6000)) + "mysql " * 10_000
    assert find_sensitive(line, home=HOME) == []
