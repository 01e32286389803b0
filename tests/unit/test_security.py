"""Safe ``next=`` redirects and one-time tokens."""

from __future__ import annotations

import pytest

from app.security import hash_token, new_token, safe_next

DEFAULT = "/home"


@pytest.mark.parametrize("target", [
    "//evil.example", "//evil.example/path", "/\\evil.example", "\\\\evil.example", "/\t/evil.example",
    "/%09/evil.example", "/\n/evil.example", "https://evil.example", "http://evil.example/",
    "HTTPS://evil.example", "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,hi",
    "evil.example", "relative/path", " /leading-space", "/%2F/evil.example", "///evil.example",
    "", None, "/" + "a" * 2001,
])
def test_unsafe_targets_fall_back_to_the_default(target):
    assert safe_next(target, DEFAULT) == DEFAULT


@pytest.mark.parametrize("target", [
    "/", "/console/", "/workspace/members", "/path?x=1", "/path?x=1&y=2#part", "/invitations/abc-DEF_123",
    "/account/?next=/console/",
])
def test_paths_on_this_site_are_kept(target):
    assert safe_next(target, DEFAULT) == target


def test_tokens_are_random_and_only_their_hash_is_kept():
    raw, stored = new_token()
    other_raw, other_stored = new_token()
    assert raw != other_raw and stored != other_stored
    assert len(raw) >= 40
    assert stored == hash_token(raw) and len(stored) == 64
    assert raw not in stored
