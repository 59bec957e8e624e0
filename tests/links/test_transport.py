"""The request path: URLs in wire form (a fast path that must agree with httpx) and the asyncio streams."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from listbot.links.transport import RequestUrl

PLAIN_PATH = st.text(alphabet="abcdefXYZ019-._~!$&'()*+,;=:/?%", max_size=30)
HOST = st.from_regex(r"[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?(\.[a-zA-Z]{2,5}){1,2}\.?", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(
    scheme=st.sampled_from(["http", "https"]),
    host=HOST,
    port=st.one_of(st.none(), st.integers(1, 65535)),
    path=PLAIN_PATH,
)
def test_the_fast_parse_agrees_with_httpx(scheme: str, host: str, port: int | None, path: str):
    url = f"{scheme}://{host}{'' if port is None else f':{port}'}/{path}"
    fast = RequestUrl._parse_plain(url)
    if fast is not None:
        assert fast == RequestUrl._parse_with_httpx(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org",
        "https://example.org:443/a?b=1",
        "http://example.org:8080/p/q;r?s=t&u=v",
        "https://arxiv.org/abs/2502.03373",
        "https://example.org/%E2%9C%93",
    ],
)
def test_plain_urls_take_the_fast_path(url: str):
    assert RequestUrl._parse_plain(url) == RequestUrl._parse_with_httpx(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://例え.jp/パス",  # IDNA and percent-encoding
        "https://example.org/a b",
        "https://example.org/a/../b",  # dot segments
        "https://user@example.org/",
        "http://[::1]:8080/",
        "https://example.org/%zz",
    ],
)
def test_urls_that_need_normalising_go_through_httpx(url: str):
    assert RequestUrl._parse_plain(url) is None
    assert RequestUrl.parse(url) == RequestUrl._parse_with_httpx(url)


@pytest.mark.parametrize("url", ["http://[::1/x", "http://127.0.0.1:port/", "ftp://example.org/", "http://"])
def test_urls_that_cannot_be_requested_raise_value_error(url: str):
    with pytest.raises(ValueError):
        RequestUrl.parse(url)
