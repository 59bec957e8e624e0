"""A server chooses where a redirect leads: LB702 offers a fix only to a target safe in a Markdown list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from listbot.cli import main
from listbot.config import Config
from listbot.links import check_documents
from listbot.links.redirects import rewrite_target, unsafe_reason
from listbot.parse import parse
from listbot.pipeline import fix_text
from tests.links.conftest import FAST, CheckLinks, make_list
from tests.links.server import LoopbackServer, RequestHandler, ok


def moved_to(location: str):
    """A route answering 301 with ``location`` written byte for byte (no escaping by the server)."""

    def answer(request: RequestHandler) -> None:
        head = b"HTTP/1.1 301 Moved Permanently\r\nLocation: " + location.encode("utf-8")
        request.wfile.write(head + b"\r\nContent-Length: 0\r\n\r\n")

    return answer


HOSTILE = {
    "image": ")![x](http://evil.example/pixel.png)",
    "marker": "/new<!-- listbot:fp=0123456789abcdef -->",
    "space": "/new page",
    "tab": "/new\tpage",
    "link": "/new](http://evil.example/phish)",
    "html": "/new<img src=x onerror=alert(1)>",
    "backslash": "/new\\",
    "bidi": "/new\u202egpj.exe",
    "pipe": "/a|b",
    "user": "http://arxiv.org@{host}/new",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_location_is_reported_without_a_fix(
    kind: str, server: LoopbackServer, check_links: CheckLinks
):
    server.state.fallback = ok  # wherever the redirect leads, the page answers
    location = HOSTILE[kind].format(host=f"{server.host}:{server.port}")
    url = server.route("/old", moved_to(location))
    [diagnostic] = check_links(url)
    assert diagnostic.code == "LB702" and diagnostic.fix is None
    assert "cannot be written into the list" in diagnostic.message
    assert "evil" not in diagnostic.message and "listbot:fp" not in diagnostic.message


def test_a_javascript_location_is_never_offered(server: LoopbackServer, check_links: CheckLinks):
    url = server.route("/old", moved_to("javascript:alert(document.cookie)"))
    assert check_links(url) == []


@pytest.mark.parametrize(
    ("location", "written"),
    [
        ("/papers/new", "/papers/new"),  # relative: resolved against the hop
        ("../v2/paper?id=7#top", "/v2/paper?id=7#top"),
        ("/new%0A%0A%3C!--%20x%20--%3E", "/new%0A%0A%3C!--%20x%20--%3E"),  # encoded stays encoded
        ("/caf\u00e9", "/caf%C3%A9"),  # written back percent-encoded
    ],
)
def test_safe_locations_are_fixed_to_their_normal_form(
    location: str, written: str, server: LoopbackServer, check_links: CheckLinks
):
    server.state.fallback = ok
    url = server.route("/v1/old", moved_to(location))
    [diagnostic] = check_links(url)
    assert diagnostic.fix is not None
    assert [edit.content for edit in diagnostic.fix.edits] == [server.url(written)]


def test_fix_links_leaves_the_list_untouched_by_a_hostile_server(
    server: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    server.state.fallback = ok
    hostile = server.route("/a", moved_to(HOSTILE["image"]))
    marker = server.route("/b", moved_to(HOSTILE["marker"]))
    fine = server.route("/c", moved_to("/c-new"))
    monkeypatch.chdir(tmp_path)
    original = make_list(hostile, marker, fine)
    Path("list.md").write_text(original, encoding="utf-8")
    main(["fix", "--links", "--allow-private", "--no-cache", "list.md"])
    assert Path("list.md").read_text(encoding="utf-8") == original.replace(fine, server.url("/c-new"))


def test_fix_text_applies_only_safe_targets(server: LoopbackServer):
    server.state.fallback = ok
    hostile = server.route("/a", moved_to(HOSTILE["link"]))
    fine = server.route("/b", moved_to("/b-new"))
    text = make_list(hostile, fine)
    config = Config(links=FAST)
    extra = check_documents([parse(text, "list.md")], config, use_cache=False, allow_private=True)
    result = fix_text(text, "list.md", config, extra=extra)
    assert result.text == make_list(hostile, server.url("/b-new"))


def test_a_github_api_answer_is_validated_too(
    server: LoopbackServer, check_links: CheckLinks, monkeypatch: pytest.MonkeyPatch
):
    def renamed(request: RequestHandler) -> None:
        body = json.dumps({"html_url": "https://github.com/octo/new)![x](http://evil.example/p.png)"})
        request.answer(200, {"Content-Type": "application/json"}, body.encode())

    server.route("/repos/octo/old", renamed)
    monkeypatch.setenv("GITHUB_TOKEN", "test-token")
    monkeypatch.setenv("GITHUB_API_URL", server.url(""))
    [diagnostic] = check_links("https://github.com/octo/old", allow_private=False)
    assert diagnostic.code == "LB702" and diagnostic.fix is None


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1/x",
        "http://localhost:8080/x",
        "http://2130706433/x",  # 127.0.0.1 written as one number
        "http://[::1]/x",
        "http://169.254.169.254/latest/meta-data",
        "http://metadata.google.internal/",
        "ftp://example.org/file",
        "//example.org/no-scheme",
        "https:///no-host",
        "http://example.org:99999/bad-port",
        "https://example.org/" + "a" * 3000,
        "https://example.org/zero\u200bwidth",
    ],
)
def test_targets_never_written(target: str):
    assert rewrite_target(target) is None


def test_private_targets_are_written_when_private_addresses_are_allowed():
    assert rewrite_target("http://127.0.0.1:8000/x", allow_private=True) == "http://127.0.0.1:8000/x"
    assert rewrite_target("HTTPS://Example.ORG/a b") is None
    assert rewrite_target("HTTPS://Example.ORG/a") == "https://example.org/a"
    assert unsafe_reason("https://example.org/a") is None


def test_a_hostile_redirect_to_a_missing_page_is_dead_like_any_other(
    server: LoopbackServer, check_links: CheckLinks
):
    url = server.route("/old", moved_to(HOSTILE["space"]))
    [diagnostic] = check_links(url)
    assert diagnostic.code == "LB701" and diagnostic.message.endswith("which answers 404 Not Found")
