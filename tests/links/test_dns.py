"""DNS: every hop's host checked, each name resolved once, connections to the checked address.

Names resolve through a resolver the test controls (FakeDns), never /etc/hosts or a
DNS server. Where a test needs an address that counts as public while being a
loopback server, ``forbidden_address`` says which addresses count as private.
"""

from __future__ import annotations

import asyncio
import ipaddress
import shutil
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from listbot.config.links import LinksSettings
from listbot.links.checker import Checker
from listbot.links.safety import IpAddress
from listbot.outcomes import Outcome, Verdict
from tests.links.conftest import FAST, CheckLinks, FakeDns
from tests.links.server import LoopbackServer, RequestHandler, ok, status

PUBLIC = ipaddress.ip_address("127.0.0.1")


def only_127_0_0_1_is_public(address: IpAddress) -> bool:
    """The test's address rule: 127.0.0.1 plays a public server, every other address is private."""
    return address != PUBLIC


def run_checker(urls: list[str], dns: FakeDns, *, allow_private: bool = False) -> dict[str, Outcome]:
    checker = Checker(
        LinksSettings.model_validate(FAST),
        allow_private=allow_private,
        resolver=dns,
        forbidden_address=only_127_0_0_1_is_public,
    )
    return asyncio.run(checker.run(urls))


@pytest.fixture
def public() -> Iterator[LoopbackServer]:
    with LoopbackServer("127.0.0.1") as running:
        yield running


@pytest.fixture
def internal(public: LoopbackServer) -> Iterator[LoopbackServer]:
    """A server on 127.0.0.2 (private by the test's rule) on the same port as ``public``."""
    with LoopbackServer("127.0.0.2", port=public.port) as running:
        running.state.fallback = ok
        yield running


def test_every_redirect_hop_is_checked_not_only_the_first(public: LoopbackServer, internal: LoopbackServer):
    port = public.port
    public.route("/a", status(301, Location="/b"))  # hop 2: same host, allowed
    public.route("/b", status(302, Location=f"http://inner.test:{port}/secret"))  # hop 3: private
    public.route("/c", status(301, Location=f"http://127.0.0.2:{port}/secret"))  # a private literal
    public.route("/d", status(301, Location=f"http://localhost:{port}/secret"))  # a local name
    dns = FakeDns({"start.test": [["127.0.0.1"]], "inner.test": [["127.0.0.2"]]})
    start = f"http://start.test:{port}"
    outcomes = run_checker([f"{start}/a", f"{start}/c", f"{start}/d"], dns)
    assert outcomes == {
        f"{start}/a": Outcome(
            Verdict.SKIPPED,
            f"redirects to http://inner.test:{port}/secret: "
            "inner.test resolves to the private address 127.0.0.2",
        ),
        f"{start}/c": Outcome(
            Verdict.SKIPPED, f"redirects to http://127.0.0.2:{port}/secret: 127.0.0.2 is a private address"
        ),
        f"{start}/d": Outcome(
            Verdict.SKIPPED,
            f"redirects to http://localhost:{port}/secret: localhost is a local or metadata name",
        ),
    }
    assert internal.state.requests == []
    assert sorted(seen.path for seen in public.state.requests) == ["/a", "/b", "/c", "/d"]
    assert sorted(dns.lookups) == ["inner.test", "start.test"]


def test_the_private_check_through_check_documents(
    public: LoopbackServer,
    internal: LoopbackServer,
    check_links: CheckLinks,
    capsys: pytest.CaptureFixture[str],
):
    public.route("/moved", status(301, Location=f"http://inner.test:{public.port}/secret"))
    dns = FakeDns({"start.test": [["127.0.0.1"]], "inner.test": [["127.0.0.2"]]})
    found = check_links(
        f"http://start.test:{public.port}/moved",
        allow_private=False,
        resolver=dns,
        forbidden_address=only_127_0_0_1_is_public,
    )
    assert found == [] and internal.state.requests == []
    assert "1 skipped (private address" in capsys.readouterr().err


def test_a_name_with_any_private_address_among_its_answers_is_refused(
    public: LoopbackServer, internal: LoopbackServer
):
    dns = FakeDns({"mixed.test": [["127.0.0.1", "127.0.0.2"]]})
    url = f"http://mixed.test:{public.port}/page"
    assert run_checker([url], dns) == {
        url: Outcome(Verdict.SKIPPED, "mixed.test resolves to the private address 127.0.0.2")
    }
    assert public.state.requests == [] and internal.state.requests == []


def test_a_name_whose_answer_changes_is_connected_to_the_checked_address(
    public: LoopbackServer, internal: LoopbackServer
):
    def no_head(request: RequestHandler) -> None:  # GET bodies are never read: one connection per GET
        request.answer(405) if request.command == "HEAD" else ok(request)

    public.state.fallback = no_head
    dns = FakeDns({"rebind.test": [["127.0.0.1"], ["127.0.0.2"]]})  # the second answer rebinds
    urls = [f"http://rebind.test:{public.port}/page/{index}" for index in range(6)]
    outcomes = run_checker(urls, dns)
    assert {outcome.verdict for outcome in outcomes.values()} == {Verdict.ALIVE}
    assert dns.lookups == ["rebind.test"]  # resolved once for 12 requests on several connections
    assert len(public.state.requests) == 12 and internal.state.requests == []
    assert {seen.headers["Host"] for seen in public.state.requests} == {f"rebind.test:{public.port}"}


def test_a_failed_or_slow_lookup_is_refused_unreachable_and_not_cached(
    public: LoopbackServer, check_links: CheckLinks, tmp_path: Path
):
    import sqlite3

    async def resolver(host: str) -> list[str]:
        if host == "slow.test":
            await asyncio.sleep(30)
        return await dns(host)

    dns = FakeDns({"alive.test": [["127.0.0.1"]]})
    public.route("/ok", ok)
    port = public.port
    cache = tmp_path / "cache.sqlite3"
    started = time.monotonic()
    found = check_links(
        f"http://alive.test:{port}/ok",
        f"http://gone.test:{port}/page",
        f"http://slow.test:{port}/page",
        resolver=resolver,
        use_cache=True,
        cache_path=cache,
    )
    assert time.monotonic() - started < 3  # the lookup's own timeout: min(links.timeout, 5 s)
    assert [(d.code, d.message) for d in found] == [
        (
            "LB703",
            f"http://gone.test:{port}/page: "
            "DNS failure: the host name does not resolve (Name or service not known)",
        ),
        ("LB703", f"http://slow.test:{port}/page: DNS lookup timed out after 1 s"),
    ]
    assert [seen.path for seen in public.state.requests] == ["/ok"]
    with sqlite3.connect(cache) as connection:
        assert [row[0] for row in connection.execute("SELECT url FROM results")] == [
            f"http://alive.test:{port}/ok"
        ]


def _certificate(folder: Path, name: str) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    key, cert = folder / f"{name}.key", folder / f"{name}.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={name}",
         "-addext", f"subjectAltName=DNS:{name}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return key, cert


def test_tls_to_the_pinned_address_still_uses_the_host_name(
    tmp_path: Path, check_links: CheckLinks, monkeypatch: pytest.MonkeyPatch
):
    key, cert = _certificate(tmp_path, "secure.test")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server_names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: server_names.append(name)  # type: ignore[assignment,misc]
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate (httpx reads it)
    with LoopbackServer(tls=context) as server:
        server.route("/ok", ok)
        dns = FakeDns({"secure.test": [["127.0.0.1"]], "impostor.test": [["127.0.0.1"]]})
        good, bad = f"https://secure.test:{server.port}/ok", f"https://impostor.test:{server.port}/ok"
        found = check_links(good, bad, resolver=dns)
    # the certificate is verified against the URL's name, not the address connected to
    assert [(d.code, d.message) for d in found] == [
        ("LB701", f"{bad}: TLS failure (CERTIFICATE_VERIFY_FAILED)")
    ]
    assert sorted(name or "" for name in server_names) == ["impostor.test", "secure.test"]
    assert [seen.headers["Host"] for seen in server.requests_for("/ok")] == [f"secure.test:{server.port}"]
