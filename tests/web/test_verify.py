"""Request verification with a locally generated CA chain: one valid case, one failure per check."""

from datetime import UTC, datetime, timedelta

import pytest

from skill.web.request_checks import check_application_id, check_timestamp
from skill.web.verify import RequestVerifier, VerificationError, check_cert_url
from tests.alexa_signing import SigningAuthority, other_key

BODY = b'{"version":"1.0","request":{"type":"LaunchRequest"}}'


@pytest.fixture(scope="module")
def authority():
    return SigningAuthority()


def make_verifier(authority, **kw):
    return RequestVerifier(trust_roots=[authority.root], fetch_chain=authority.fetch, **kw)


def test_a_correctly_signed_body_verifies(authority):
    make_verifier(authority).verify_signature(authority.headers(BODY), BODY)


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/echo-api.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api.pem",
        "https://S3.AMAZONAWS.COM/echo.api/echo-api.pem",
        "HTTPS://s3.amazonaws.com/echo.api/echo-api.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api.pem",
    ],
)
def test_amazon_certificate_urls_pass(url):
    check_cert_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api.pem",
        "https://notamazon.com/echo.api/echo-api.pem",
        "https://s3.amazonaws.com.evil.example/echo.api/echo-api.pem",
        "https://s3.amazonaws.com/EcHo.aPi/echo-api.pem",
        "https://s3.amazonaws.com/invalid.path/echo-api.pem",
        "https://s3.amazonaws.com:563/echo.api/echo-api.pem",
        "https://s3.amazonaws.com/echo.api/../invalid/echo-api.pem",
        "https://s3.amazonaws.com:notaport/echo.api/echo-api.pem",
        "https://s3.amazonaws.com/echo.api/",
        "",
    ],
)
def test_other_certificate_urls_fail(url):
    with pytest.raises(VerificationError):
        check_cert_url(url)


@pytest.mark.parametrize("missing", ["SignatureCertChainUrl", "Signature-256"])
def test_missing_headers_fail(authority, missing):
    headers = authority.headers(BODY)
    del headers[missing]
    with pytest.raises(VerificationError, match="missing"):
        make_verifier(authority).verify_signature(headers, BODY)


def test_headers_are_case_insensitive(authority):
    headers = {k.lower(): v for k, v in authority.headers(BODY).items()}
    make_verifier(authority).verify_signature(headers, BODY)


def test_bad_base64_fails(authority):
    headers = {**authority.headers(BODY), "Signature-256": "not base64!!"}
    with pytest.raises(VerificationError, match="base64"):
        make_verifier(authority).verify_signature(headers, BODY)


def test_a_tampered_body_fails(authority):
    headers = authority.headers(BODY)
    with pytest.raises(VerificationError, match="signature"):
        make_verifier(authority).verify_signature(headers, BODY.replace(b"Launch", b"Lunch"))


def test_a_signature_by_another_key_fails(authority):
    headers = {**authority.headers(BODY), "Signature-256": authority.sign(BODY, other_key())}
    with pytest.raises(VerificationError, match="signature"):
        make_verifier(authority).verify_signature(headers, BODY)


def test_an_expired_leaf_fails(authority):
    later = datetime.now(UTC) + timedelta(days=400)
    with pytest.raises(VerificationError, match="rejected"):
        make_verifier(authority, clock=lambda: later).verify_signature(
            authority.headers(BODY), BODY
        )


def test_a_leaf_not_yet_valid_fails():
    soon = datetime.now(UTC) + timedelta(days=2)
    authority = SigningAuthority(leaf_not_before=soon, leaf_not_after=soon + timedelta(days=30))
    with pytest.raises(VerificationError, match="rejected"):
        make_verifier(authority).verify_signature(authority.headers(BODY), BODY)


@pytest.mark.parametrize("san", [None, "echo-api.evil.example"])
def test_a_leaf_without_the_echo_api_name_fails(san):
    authority = SigningAuthority(san=san)
    with pytest.raises(VerificationError, match="names no host|not echo-api"):
        make_verifier(authority).verify_signature(authority.headers(BODY), BODY)


def test_a_chain_to_an_untrusted_root_fails(authority):
    stranger = SigningAuthority(root_key_index=1)
    verifier = RequestVerifier(trust_roots=[stranger.root], fetch_chain=authority.fetch)
    with pytest.raises(VerificationError, match="rejected"):
        verifier.verify_signature(authority.headers(BODY), BODY)


def test_a_chain_missing_its_intermediate_fails(authority):
    from cryptography.hazmat.primitives import serialization

    leaf_only = authority.leaf.public_bytes(serialization.Encoding.PEM)
    verifier = RequestVerifier(trust_roots=[authority.root], fetch_chain=lambda url: leaf_only)
    with pytest.raises(VerificationError, match="rejected"):
        verifier.verify_signature(authority.headers(BODY), BODY)


@pytest.mark.parametrize("payload", [b"", b"garbage", b"-----BEGIN CERTIFICATE-----\nxx\n"])
def test_garbage_pem_fails(authority, payload):
    verifier = RequestVerifier(trust_roots=[authority.root], fetch_chain=lambda url: payload)
    with pytest.raises(VerificationError):
        verifier.verify_signature(authority.headers(BODY), BODY)


def test_a_failed_download_fails(authority):
    def unreachable(url):
        raise TimeoutError("timed out")

    verifier = RequestVerifier(trust_roots=[authority.root], fetch_chain=unreachable)
    with pytest.raises(VerificationError, match="fetch"):
        verifier.verify_signature(authority.headers(BODY), BODY)


def test_the_chain_is_fetched_once_per_url_and_the_cache_is_bounded():
    authority = SigningAuthority()
    verifier = make_verifier(authority, cache_size=1)
    for _ in range(3):
        verifier.verify_signature(authority.headers(BODY), BODY)
    assert authority.fetches == [authority.cert_url]

    other_url = "https://s3.amazonaws.com/echo.api/other.pem"
    verifier._fetch = lambda url: authority.chain_pem
    verifier.verify_signature({**authority.headers(BODY), "SignatureCertChainUrl": other_url}, BODY)
    assert list(verifier._cache) == [other_url]  # the first URL was evicted


NOW = datetime(2026, 11, 24, 12, 0, 0, tzinfo=UTC)


def envelope_at(stamp):
    return {"request": {"type": "LaunchRequest", "timestamp": stamp}}


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-11-24T12:00:00Z",
        "2026-11-24T11:57:30Z",
        "2026-11-24T12:02:30Z",
        "2026-11-24T13:00:00+01:00",
    ],
)
def test_timestamps_within_150_s_pass(stamp):
    check_timestamp(envelope_at(stamp), NOW)


@pytest.mark.parametrize(
    "stamp", ["2026-11-24T11:57:29Z", "2026-11-24T12:02:31Z", "yesterday", None, 1700000000]
)
def test_old_future_or_malformed_timestamps_fail(stamp):
    with pytest.raises(VerificationError, match="timestamp"):
        check_timestamp(envelope_at(stamp), NOW)


def test_a_missing_request_fails_the_timestamp_check():
    with pytest.raises(VerificationError):
        check_timestamp({}, NOW)


SKILL = "amzn1.ask.skill.ours"


def ids(session_id, context_id):
    envelope = {}
    if session_id is not None:
        envelope["session"] = {"application": {"applicationId": session_id}}
    if context_id is not None:
        envelope["context"] = {"System": {"application": {"applicationId": context_id}}}
    return envelope


def test_matching_application_ids_pass():
    check_application_id(ids(SKILL, SKILL), SKILL)
    check_application_id(ids(None, SKILL), SKILL)  # AudioPlayer requests carry no session


@pytest.mark.parametrize(
    "envelope",
    [ids("amzn1.ask.skill.theirs", SKILL), ids(SKILL, "amzn1.ask.skill.theirs"), ids(None, None)],
)
def test_other_or_missing_application_ids_fail(envelope):
    with pytest.raises(VerificationError):
        check_application_id(envelope, SKILL)


def test_skill_events_may_arrive_up_to_an_hour_late():
    late = {
        "request": {"type": "AlexaSkillEvent.SkillDisabled", "timestamp": "2026-11-24T11:05:00Z"}
    }
    check_timestamp(late, NOW)
    later = {
        "request": {"type": "AlexaSkillEvent.SkillDisabled", "timestamp": "2026-11-24T10:59:59Z"}
    }
    with pytest.raises(VerificationError):
        check_timestamp(later, NOW)
    launch = {"request": {"type": "LaunchRequest", "timestamp": "2026-11-24T11:05:00Z"}}
    with pytest.raises(VerificationError):
        check_timestamp(launch, NOW)
