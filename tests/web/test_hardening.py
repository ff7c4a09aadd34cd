"""Verification as an attacker would probe it: what gets fetched, what gets in, what is said."""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from skill.web.verify import RequestVerifier, VerificationError, canonical_cert_url
from tests.alexa_signing import CERT_URL, SigningAuthority
from tests.envelopes import SKILL_ID, Conversation, body_bytes

ROOT = Path(__file__).resolve().parents[2]


def verifier_for(authority, **kw):
    return RequestVerifier(trust_roots=[authority.root], fetch_chain=authority.fetch, **kw)


def signed(authority, body, url=CERT_URL):
    return {**authority.headers(body), "SignatureCertChainUrl": url}


# -- 1. nothing is fetched for a request the cheap checks refuse ---------------------------


@pytest.fixture
def fresh_authority():
    return SigningAuthority()


@pytest.fixture
def app_with(make_app, fresh_authority):
    from skill.web.verify import RequestVerifier

    def make(**env):
        app = make_app(**env)
        shared = app.extensions["foot_warmup"]
        verifier = RequestVerifier(
            trust_roots=[fresh_authority.root], fetch_chain=fresh_authority.fetch
        )
        app.extensions["foot_warmup"] = type(shared)(**{**shared.__dict__, "verifier": verifier})
        return app

    return make


def test_cheap_checks_refuse_before_any_certificate_is_fetched(app_with, fresh_authority):
    client = app_with().test_client()
    conversation = Conversation()
    stale = conversation.launch(now=datetime.now(UTC) - timedelta(hours=1))
    foreign = Conversation(skill_id="amzn1.ask.skill.someone-else").launch()
    cases = [
        b"not json",
        b"[" * 5000 + b"]" * 5000,
        body_bytes({"version": "1.0"}),
        body_bytes(stale),
        body_bytes(foreign),
    ]
    for body in cases:
        headers = signed(fresh_authority, body, "https://s3.amazonaws.com/echo.api/new.pem")
        assert client.post("/alexa", data=body, headers=headers).status_code == 400
    assert fresh_authority.fetches == []
    bad_signature = body_bytes(conversation.launch())
    headers = {**signed(fresh_authority, bad_signature), "Signature-256": "c2hvcnQ="}
    assert client.post("/alexa", data=bad_signature, headers=headers).status_code == 400
    assert fresh_authority.fetches == []  # a signature of the wrong length is refused unfetched


def test_a_400_says_nothing_of_what_failed(app_with, fresh_authority, caplog):
    caplog.set_level(logging.INFO, logger="skill")  # an in-process chat test may have quietened it
    client = app_with().test_client()
    body = body_bytes(Conversation().launch())
    headers = signed(fresh_authority, body, "https://s3.amazonaws.com/echo.api/missing.pem")
    response = client.post("/alexa", data=body, headers=headers)
    assert response.status_code == 400 and response.get_json() == {"error": "bad request"}
    assert "no certificate at" in caplog.text  # the detail is in the host's log only


@pytest.mark.parametrize("verify", ["true", "false"])
def test_json_nested_however_deep_is_400_never_500(make_app, verify):
    client = make_app(ALEXA_VERIFY_REQUESTS=verify).test_client()
    for depth in (65, 5000, 100_000):
        for body in (b"[" * depth + b"]" * depth, b'{"a":' * depth + b"1" + b"}" * depth):
            assert client.post("/alexa", data=body).status_code == 400
    # Brackets inside strings are text, not nesting.
    envelope = Conversation(skill_id=SKILL_ID).launch()
    envelope["request"]["note"] = "[" * 5000
    if verify == "false":
        assert client.post("/alexa", data=body_bytes(envelope)).status_code == 200


# -- 3. one canonical URL, checked and fetched alike ---------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://S3.AmazonAWS.com/echo.api/echo-api-cert-test.pem",
        "HTTPS://s3.amazonaws.com:443/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/echo.api/./echo-api-cert-test.pem",
        "https://s3.amazonaws.com/echo.api//echo-api-cert-test.pem",
    ],
)
def test_spellings_of_one_url_share_one_cache_entry_and_one_fetch(url):
    authority = SigningAuthority()
    verifier = verifier_for(authority)
    body = b'{"request":{}}'
    for spelling in (CERT_URL, url, url.upper().replace("HTTPS", "https", 1)):
        try:
            verifier.verify_signature(signed(authority, body, spelling), body)
        except VerificationError:
            assert spelling != url  # only the upper-cased path may be refused
    assert authority.fetches == [CERT_URL]
    assert list(verifier._cache) == [CERT_URL]


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/%2e%2e/evil.pem",
        "https://s3.amazonaws.com/echo.api/..%2fevil.pem",
        "https://s3.amazonaws.com/echo.api/%2Fevil.pem",
        "https://s3.amazonaws.com/echo.api\\..\\evil.pem",
        "https://s3.amazonaws.com\\@evil.example/echo.api/x.pem",
        "https://user:pass@s3.amazonaws.com/echo.api/x.pem",
        "https://evil.example@s3.amazonaws.com/echo.api/x.pem",
        "https://s3.amazonaws.com/echo.api/x.pem?y=1",
        "https://s3.amazonaws.com/echo.api/x.pem#frag",
        "https://s3.amazonaws.com/echo.api/x\n.pem",
        "https://s3.amazonaws.com/echo.api/x .pem",
        "https://s3.amazonaws.com/echo.api/\u00e9.pem",
        "https://s3.amazonaws.com/echo.api/sub/dir.pem",
        "https://s3.amazonaws.com/echo.api/../../echo.api/x.pem/..",
    ],
)
def test_tricky_urls_are_refused_and_never_fetched(url):
    authority = SigningAuthority()
    with pytest.raises(VerificationError):
        verifier_for(authority).verify_signature(signed(authority, b"{}", url), b"{}")
    assert authority.fetches == []
    with pytest.raises(VerificationError):
        canonical_cert_url(url)


def test_a_failed_url_is_remembered_for_a_while():
    authority = SigningAuthority()
    ticks = [1000.0]
    verifier = verifier_for(authority, monotonic=lambda: ticks[0])
    missing = "https://s3.amazonaws.com/echo.api/missing.pem"
    for _ in range(5):
        with pytest.raises(VerificationError):
            verifier.verify_signature(signed(authority, b"{}", missing), b"{}")
    assert authority.fetches == [missing]
    ticks[0] += 61
    with pytest.raises(VerificationError):
        verifier.verify_signature(signed(authority, b"{}", missing), b"{}")
    assert authority.fetches == [missing, missing]


def test_one_fetch_per_url_at_a_time():
    authority = SigningAuthority()
    calls = []

    def slow(url):
        calls.append(url)
        time.sleep(0.3)
        return authority.chain_pem

    verifier = RequestVerifier(trust_roots=[authority.root], fetch_chain=slow)
    body = b'{"request":{}}'
    errors = []

    def verify():
        try:
            verifier.verify_signature(signed(authority, body), body)
        except VerificationError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=verify) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [CERT_URL] and not errors


def test_new_urls_are_capped_each_minute():
    authority = SigningAuthority()
    ticks = [50.0]
    verifier = verifier_for(authority, monotonic=lambda: ticks[0], new_urls_per_minute=10)
    for n in range(12):
        url = f"https://s3.amazonaws.com/echo.api/new-{n}.pem"
        with pytest.raises(VerificationError):
            verifier.verify_signature(signed(authority, b"{}", url), b"{}")
    assert len(authority.fetches) == 10
    ticks[0] += 61
    with pytest.raises(VerificationError):
        verifier.verify_signature(
            signed(authority, b"{}", "https://s3.amazonaws.com/echo.api/new-99.pem"), b"{}"
        )
    assert len(authority.fetches) == 11


# -- 4, 8, 9. the signing certificate itself -------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"san": "*.amazon.com"}, "not echo-api.amazon.com itself"),
        ({"leaf_bits": 1024}, "2048 bits"),
        ({"leaf_signing": False}, "digital signatures"),
    ],
)
def test_the_signing_certificate_must_be_amazons_exactly(options, expected):
    authority = SigningAuthority(**options)
    with pytest.raises(VerificationError, match=expected):
        verifier_for(authority).leaf_for(CERT_URL)
    with pytest.raises(VerificationError):  # and so no request it signs gets in
        verifier_for(authority).verify_signature(authority.headers(b"{}"), b"{}")


def test_a_cached_chain_is_trusted_only_until_its_first_certificate_expires():
    soon = datetime.now(UTC) + timedelta(days=2)
    authority = SigningAuthority(intermediate_not_after=soon)
    now = [datetime.now(UTC)]
    verifier = verifier_for(authority, clock=lambda: now[0])
    body = b'{"request":{}}'
    verifier.verify_signature(authority.headers(body), body)
    now[0] = soon + timedelta(hours=1)  # the leaf is still valid; the intermediate is not
    with pytest.raises(VerificationError, match="rejected"):
        verifier.verify_signature(authority.headers(body), body)
    assert authority.fetches == [CERT_URL, CERT_URL]


# -- 7. dependency floors past the published advisories ------------------------------------


def test_dependency_floors_are_past_the_advisories():
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    floors = {d.split(">=")[0].split("[")[0].lower(): d.split(">=")[1] for d in deps if ">=" in d}

    def version(text):
        return tuple(int(part) for part in text.split(".") if part.isdigit())

    assert version(floors["cryptography"]) >= (49,)
    assert version(floors["certifi"]) >= (2024, 7, 4)
    assert version(floors["waitress"]) >= (3, 0, 1)
    assert "gunicorn" not in floors  # not used: waitress serves
    assert json.dumps(floors)  # every dependency has a floor
    assert all(">=" in d for d in deps)
