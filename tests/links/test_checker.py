"""The checker against real loopback servers: statuses, redirects, retries, timeouts, bodies."""

from __future__ import annotations

import time

import pytest

from tests.links.conftest import CheckLinks, by_code
from tests.links.server import LoopbackServer, RequestHandler, closed_port, ok, status


def only(diagnostics: list, code: str) -> str:
    assert [d.code for d in diagnostics] == [code], [(d.code, d.message) for d in diagnostics]
    return diagnostics[0].message


def test_alive_page_reports_nothing_and_sends_a_browser_like_head(
    server: LoopbackServer, check_links: CheckLinks
):
    url = server.route("/ok", ok)
    assert check_links(url) == []
    [seen] = server.requests_for("/ok")
    assert seen.method == "HEAD"
    assert seen.headers["User-Agent"].startswith("Mozilla/5.0")


def test_404_and_410_are_dead_and_the_message_names_the_status(
    server: LoopbackServer, check_links: CheckLinks
):
    missing = server.url("/missing")
    gone = server.route("/gone", status(410))
    found = by_code(check_links(missing, gone))
    assert [d.message for d in found["LB701"]] == [f"{missing}: 404 Not Found", f"{gone}: 410 Gone"]
    assert all(d.severity.value == "error" and d.name == "link-dead" for d in found["LB701"])
    # a HEAD 404 is confirmed by GET before the link is called dead
    assert [seen.method for seen in server.requests_for("/missing")] == ["HEAD", "GET"]


def test_diagnostic_points_at_the_url_span(server: LoopbackServer, check_links: CheckLinks):
    url = server.url("/missing")
    text = f"# Papers\n\n## Resources\n\n* [Paper one]({url}) and more\n"
    [diagnostic] = check_links(text=text)
    assert (diagnostic.line, diagnostic.column) == (5, len("* [Paper one](") + 1)
    assert (diagnostic.end_line, diagnostic.end_column) == (5, len("* [Paper one](") + 1 + len(url))


def test_head_refused_falls_back_to_get(server: LoopbackServer, check_links: CheckLinks):
    def head_refused(request: RequestHandler) -> None:
        request.answer(405) if request.command == "HEAD" else ok(request)

    url = server.route("/no-head", head_refused)
    assert check_links(url) == []
    assert [seen.method for seen in server.requests_for("/no-head")] == ["HEAD", "GET"]


def test_permanent_redirect_chain_is_lb702_with_a_fix_to_the_final_url(
    server: LoopbackServer, other_server: LoopbackServer, check_links: CheckLinks
):
    final = other_server.route("/c", ok)
    server.route("/b", status(308, Location=final))
    start = server.route("/a", status(301, Location="/b"))
    [diagnostic] = check_links(f"{start}#section")
    assert (diagnostic.code, diagnostic.name, diagnostic.severity.value) == (
        "LB702",
        "link-redirect",
        "warning",
    )
    assert diagnostic.message == f"{start}#section redirects permanently to {final}#section"
    assert diagnostic.fix is not None and diagnostic.fixable
    assert [edit.content for edit in diagnostic.fix.edits] == [f"{final}#section"]


def test_temporary_trailing_slash_and_login_redirects_are_not_reported(
    server: LoopbackServer, check_links: CheckLinks
):
    server.route("/dir/", ok)
    server.route("/login", ok)
    server.route("/elsewhere", ok)
    slash = server.route("/dir", status(301, Location="/dir/"))
    login = server.route("/private", status(301, Location="/login?next=/private"))
    temporary = server.route("/temp", status(302, Location="/elsewhere"))
    assert check_links(slash, login, temporary) == []


def test_deep_link_redirected_to_the_home_page_is_reported_without_a_fix(
    server: LoopbackServer, check_links: CheckLinks
):
    server.route("/", ok)
    url = server.route("/papers/42", status(301, Location="/"))
    [diagnostic] = check_links(url)
    assert diagnostic.code == "LB702" and diagnostic.fix is None
    assert "home page" in diagnostic.message


def test_redirect_to_a_404_is_dead_and_a_loop_is_detected(server: LoopbackServer, check_links: CheckLinks):
    to_missing = server.route("/moved", status(301, Location="/nowhere"))
    server.route("/loop-b", status(302, Location="/loop-a"))
    loop = server.route("/loop-a", status(302, Location="/loop-b"))
    found = by_code(check_links(to_missing, loop))
    messages = [d.message for d in found["LB701"]]
    assert messages[0].endswith("/nowhere, which answers 404 Not Found")
    assert "redirect loop" in messages[1]
    assert len(server.requests_for("/loop-a")) <= 3  # stopped, not followed to the redirect limit


def test_429_with_retry_after_is_waited_for_and_slows_the_host(
    server: LoopbackServer, check_links: CheckLinks
):
    def throttled(request: RequestHandler) -> None:
        if request.hit() == 1:
            request.answer(429, {"Retry-After": "1"})
        else:
            ok(request)

    url = server.route("/throttled", throttled)
    assert check_links(url) == []
    first, second = server.requests_for("/throttled")
    assert second.at - first.at >= 0.95


def test_429_over_the_cap_and_persistent_503_are_unreachable(server: LoopbackServer, check_links: CheckLinks):
    capped = server.route("/capped", status(429, Retry_After="3600"))
    failing = server.route("/failing", status(503))
    found = check_links(capped, failing, retry_cap=2)
    assert [d.code for d in found] == ["LB703", "LB703"]
    assert "over the retry cap" in found[0].message
    assert found[1].message == f"{failing}: 503 Service Unavailable after 2 retries"
    assert len(server.requests_for("/failing")) == 3
    assert len(server.requests_for("/capped")) == 1


def test_503_then_200_is_alive_after_a_backoff(server: LoopbackServer, check_links: CheckLinks):
    def flaky(request: RequestHandler) -> None:
        request.answer(503) if request.hit() == 1 else ok(request)

    url = server.route("/flaky", flaky)
    assert check_links(url) == []
    assert len(server.requests_for("/flaky")) == 2


def test_a_server_that_never_answers_costs_one_timeout(server: LoopbackServer, check_links: CheckLinks):
    def silent(request: RequestHandler) -> None:
        request.server.state.stopping.wait(20)

    url = server.route("/silent", silent)
    started = time.monotonic()
    message = only(check_links(url, timeout=0.5), "LB703")
    assert message == f"{url}: timed out after 0.5 s"
    assert time.monotonic() - started < 10  # the server would stay silent for 20 s
    assert len(server.requests_for("/silent")) == 1


def test_timeouts_are_retried_only_when_configured(server: LoopbackServer, check_links: CheckLinks):
    def silent(request: RequestHandler) -> None:
        request.server.state.stopping.wait(20)

    url = server.route("/silent", silent)
    only(check_links(url, timeout=0.3, retries=1, retry_timeouts=True), "LB703")
    assert len(server.requests_for("/silent")) == 2


def test_connection_refused_is_dead(server: LoopbackServer, check_links: CheckLinks):
    refused = f"http://127.0.0.1:{closed_port()}/page"
    found = check_links(server.route("/ok", ok), refused)
    assert [(d.code, d.message) for d in found] == [("LB701", f"{refused}: connection refused")]


def test_a_name_the_system_cannot_resolve_is_unreachable_not_dead(
    server: LoopbackServer, check_links: CheckLinks
):
    unresolvable = "http://no-such-host.invalid/page"
    found = check_links(server.route("/ok", ok), unresolvable)
    assert [d.code for d in found] == ["LB703"]
    assert "DNS failure" in found[0].message


def test_a_2_gb_body_is_never_downloaded(server: LoopbackServer, check_links: CheckLinks):
    def huge(request: RequestHandler) -> None:
        if request.command == "HEAD":
            request.answer(405)
            return
        request.send_response(200)
        request.send_header("Content-Length", "2000000000")
        request.end_headers()
        state, sent = request.server.state, 0
        try:
            while sent < 2_000_000_000 and not state.stopping.is_set():
                request.wfile.write(b"x" * 65536)
                request.wfile.flush()
                sent += 65536
                time.sleep(0.01)
        except OSError:
            state.counters["huge-bytes"] = sent
            state.event("huge-closed").set()

    url = server.route("/huge.bin", huge)
    started = time.monotonic()
    assert check_links(url) == []
    assert time.monotonic() - started < 3
    assert server.state.event("huge-closed").wait(5), "the client never closed the connection"
    assert server.state.counters["huge-bytes"] < 50_000_000


def test_each_url_is_checked_once_per_run_and_every_occurrence_is_reported(
    server: LoopbackServer, check_links: CheckLinks
):
    url = server.url("/missing")
    found = check_links(url, url, f"{url}#part")
    assert [d.code for d in found] == ["LB701"] * 3
    assert len(server.requests_for("/missing")) == 2  # one HEAD, one confirming GET


def test_per_host_concurrency_stays_at_most_four(server: LoopbackServer, check_links: CheckLinks):
    def slow(request: RequestHandler) -> None:
        time.sleep(0.15)
        ok(request)

    urls = [server.route(f"/slow/{index}", slow) for index in range(16)]
    assert check_links(*urls) == []
    assert 2 <= server.state.max_in_flight <= 4


def test_accept_exclude_images_and_host_overrides(server: LoopbackServer, check_links: CheckLinks):
    blocked = server.route("/blocked", status(403))
    excluded = server.url("/excluded")
    text = (
        "# Papers\n\n## Resources\n\n"
        f"* [Blocked]({blocked}) ![badge]({server.url('/badge.svg')})\n"
        f"* [Excluded]({excluded})\n"
    )
    [diagnostic] = check_links(text=text, exclude=["/excluded$"])
    assert diagnostic.code == "LB703" and "block automated checks" in diagnostic.message
    assert check_links(text=text, exclude=["/excluded$"], accept=[403]) == []
    assert check_links(text=text, exclude=["/excluded$"], hosts={"127.0.0.1": {"accept": [403]}}) == []
    assert server.requests_for("/excluded") == [] and server.requests_for("/badge.svg") == []


def test_host_method_get_skips_head(server: LoopbackServer, check_links: CheckLinks):
    url = server.route("/page", ok)
    assert check_links(url, hosts={"127.0.0.1": {"method": "get"}}) == []
    assert [seen.method for seen in server.requests_for("/page")] == ["GET"]


def test_malformed_urls_are_dead_not_a_crash(check_links: CheckLinks):
    found = check_links("http://[::1/x", "http://127.0.0.1:port/")
    assert [(d.code, "invalid URL" in d.message) for d in found] == [("LB701", True), ("LB701", True)]


def test_redirect_to_a_refused_connection_is_dead_and_says_where_it_led(
    server: LoopbackServer, check_links: CheckLinks
):
    target = f"http://127.0.0.1:{closed_port()}/page"
    url = server.route("/moved-away", status(301, Location=target))
    assert only(check_links(url), "LB701") == f"{url}: redirects to {target}: connection refused"


def test_a_429_lowers_that_hosts_limit_for_the_rest_of_the_run(server: LoopbackServer):
    import asyncio

    from listbot.config.links import LinksSettings
    from listbot.links.checker import Checker

    def throttled(request: RequestHandler) -> None:
        request.answer(429, {"Retry-After": "0"}) if request.hit() == 1 else ok(request)

    checker = Checker(LinksSettings(timeout=1, progress="never"), allow_private=True)
    outcomes = asyncio.run(checker.run([server.route("/throttled", throttled), server.route("/ok", ok)]))
    assert {outcome.verdict.value for outcome in outcomes.values()} == {"alive"}
    assert checker.gates["127.0.0.1"].limit == 3


def test_a_certificate_that_does_not_verify_is_a_tls_failure(tmp_path, check_links: CheckLinks):
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with LoopbackServer(tls=context) as tls_server:
        url = tls_server.route("/ok", ok)
        message = only(check_links(url), "LB701")
    assert url.startswith("https://") and "TLS failure (CERTIFICATE_VERIFY_FAILED)" in message
