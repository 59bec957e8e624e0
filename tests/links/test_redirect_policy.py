"""Which permanent redirects are worth LB702: pure URL rules, no network."""

from __future__ import annotations

import pytest

from listbot.links.redirects import is_login_page, is_trivial, lands_on_home_page
from listbot.urls import with_fragment


@pytest.mark.parametrize(
    ("original", "target", "trivial"),
    [
        ("https://example.org/docs", "https://example.org/docs/", True),
        ("https://example.org/docs/", "https://example.org/docs", True),
        ("https://example.org/a", "https://www.example.org/a", True),
        ("https://Example.org:443/a", "https://example.org/a", True),
        ("http://example.org/a", "https://example.org/a", False),  # worth rewriting to https
        ("https://example.org/a", "https://example.org/b", False),
        ("https://example.org/a?x=1", "https://example.org/a?x=2", False),
    ],
)
def test_trivial_redirects(original: str, target: str, trivial: bool):
    assert is_trivial(original, target) is trivial


@pytest.mark.parametrize(
    ("target", "login"),
    [
        ("https://example.org/login?next=/paper", True),
        ("https://accounts.google.com/ServiceLogin?continue=https://docs.google.com/x", True),
        ("https://github.com/login?return_to=%2Fo%2Fr", True),
        ("https://www.linkedin.com/uas/login?session_redirect=x", True),
        ("https://example.org/authors/smith", False),
        ("https://icml.cc/virtual/2024/session/35", False),
        ("https://example.org/papers/next-steps", False),
    ],
)
def test_login_pages(target: str, login: bool):
    assert is_login_page(target) is login


def test_home_page_and_fragment_rules():
    assert lands_on_home_page("https://example.org/papers/42", "https://example.org/")
    assert not lands_on_home_page("https://example.org/", "https://www.example.org/")
    assert not lands_on_home_page("https://example.org/p/42", "https://example.org/p/43")
    assert with_fragment("https://new.org/p", "https://old.org/p#sec-2") == "https://new.org/p#sec-2"
    assert with_fragment("https://new.org/p#top", "https://old.org/p#sec-2") == "https://new.org/p#top"
