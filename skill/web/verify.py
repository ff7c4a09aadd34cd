"""Checks that a request really comes from Alexa, for a skill hosted as a web service.

The SDK's own verifier (ask-sdk-webservice-support) cannot be imported on current OpenSSL
releases (its certvalidator/oscrypto dependency misreads the version), so the same checks are
done here with `cryptography`, whose x509.verification module builds and checks the chain.
"""

from __future__ import annotations

import base64
import binascii
import posixpath
import threading
import urllib.request
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.verification import DNSName, PolicyBuilder, Store
from cryptography.x509.verification import VerificationError as _X

ECHO_API_DOMAIN = "echo-api.amazon.com"
CERT_HOST = "s3.amazonaws.com"
CERT_PATH_PREFIX = "/echo.api/"
TIMESTAMP_TOLERANCE_S = 150
# Skill events (e.g. the runner disabling the skill) may be retried and so arrive late.
SKILL_EVENT_TOLERANCE_S = 3600
MAX_CHAIN_BYTES = 64 * 1024
FETCH_TIMEOUT_S = 5


class VerificationError(Exception):
    """The request is not provably from Alexa; answered with HTTP 400."""


def check_cert_url(url: str) -> None:
    """The certificate chain must come from Amazon's own bucket path, over https on 443."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise VerificationError("certificate URL is malformed") from exc
    if parts.scheme.lower() != "https":
        raise VerificationError("certificate URL is not https")
    if (parts.hostname or "").lower() != CERT_HOST:
        raise VerificationError("certificate URL host is not s3.amazonaws.com")
    if port is not None and port != 443:
        raise VerificationError("certificate URL port is not 443")
    path = posixpath.normpath(parts.path) if parts.path else ""
    # normpath drops a trailing slash; the prefix check needs it back for "/echo.api/x".
    if not (path + "/").startswith(CERT_PATH_PREFIX) or path == CERT_PATH_PREFIX.rstrip("/"):
        raise VerificationError("certificate URL path does not start with /echo.api/")


def _fetch_https(url: str) -> bytes:
    """Download a certificate chain, with a timeout and a size cap."""
    request = urllib.request.Request(url, headers={"User-Agent": "foot-warmup"})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:  # noqa: S310
        data = response.read(MAX_CHAIN_BYTES + 1)
    if len(data) > MAX_CHAIN_BYTES:
        raise VerificationError("certificate chain is too large")
    return data


def _certifi_roots() -> list[x509.Certificate]:
    import certifi

    with open(certifi.where(), "rb") as handle:
        return x509.load_pem_x509_certificates(handle.read())


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    raise VerificationError(f"missing {name} header")


class RequestVerifier:
    """Verifies signed Alexa requests; caches verified chains by URL (bounded)."""

    def __init__(
        self,
        *,
        trust_roots: Sequence[x509.Certificate] | None = None,
        fetch_chain: Callable[[str], bytes] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        cache_size: int = 16,
    ) -> None:
        self._roots = list(trust_roots) if trust_roots is not None else None
        self._fetch = fetch_chain or _fetch_https
        self._clock = clock
        self._cache_size = cache_size
        self._cache: OrderedDict[str, x509.Certificate] = OrderedDict()
        self._lock = threading.Lock()
        self._store: Store | None = None

    def _trust_store(self) -> Store:
        with self._lock:
            if self._store is None:
                roots = self._roots if self._roots is not None else _certifi_roots()
                self._store = Store(roots)
            return self._store

    def leaf_for(self, url: str) -> x509.Certificate:
        """The verified signing certificate at this URL, from the cache when still valid."""
        check_cert_url(url)
        now = self._clock()
        with self._lock:
            leaf = self._cache.get(url)
            if leaf is not None:
                self._cache.move_to_end(url)
        if leaf is not None and _valid_at(leaf, now):
            return leaf
        leaf = self._verify_chain(self._download(url), now)
        with self._lock:
            self._cache[url] = leaf
            self._cache.move_to_end(url)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return leaf

    def _download(self, url: str) -> bytes:
        try:
            return self._fetch(url)
        except VerificationError:
            raise
        except Exception as exc:  # noqa: BLE001 - any network or I/O failure means "not verified"
            raise VerificationError(f"cannot fetch the certificate chain: {exc}") from exc

    def _verify_chain(self, pem: bytes, now: datetime) -> x509.Certificate:
        try:
            certificates = x509.load_pem_x509_certificates(pem)
        except ValueError as exc:
            raise VerificationError("certificate chain is not valid PEM") from exc
        leaf, intermediates = certificates[0], certificates[1:]
        verifier = (
            PolicyBuilder()
            .store(self._trust_store())
            .time(now.replace(tzinfo=None) if now.tzinfo else now)
            .build_server_verifier(DNSName(ECHO_API_DOMAIN))
        )
        try:
            verifier.verify(leaf, intermediates)
        except _X as exc:
            raise VerificationError(f"certificate chain rejected: {exc}") from exc
        except Exception as exc:  # noqa: BLE001 - malformed certificates raise assorted errors
            raise VerificationError(f"certificate chain unusable: {exc}") from exc
        return leaf

    def verify_signature(self, headers: Mapping[str, str], body: bytes) -> None:
        """Check the chain and the Signature-256 header over the exact body bytes."""
        url = _header(headers, "SignatureCertChainUrl")
        signature_b64 = _header(headers, "Signature-256")
        try:
            signature = base64.b64decode(signature_b64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise VerificationError("Signature-256 is not base64") from exc
        public_key = self.leaf_for(url).public_key()
        if not isinstance(public_key, rsa.RSAPublicKey):
            raise VerificationError("signing certificate does not hold an RSA key")
        try:
            public_key.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature as exc:
            raise VerificationError("signature does not match the body") from exc


def _valid_at(certificate: x509.Certificate, now: datetime) -> bool:
    return certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc
