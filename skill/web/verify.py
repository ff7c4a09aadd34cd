"""Checks that a request really comes from Alexa, for a skill hosted as a web service.

The SDK's own verifier (ask-sdk-webservice-support) cannot be imported on current OpenSSL
releases (its certvalidator/oscrypto dependency misreads the version), so the same checks are
done here with `cryptography`, whose x509.verification module builds and checks the chain.

The certificate URL comes from the request, so it is the attacker's choice: it is reduced to
one canonical form (used both as the cache key and as the address fetched), refused unless it
is exactly Amazon's bucket path, fetched by one request at a time, at most a few new URLs a
minute, and a failure is remembered for a while instead of being fetched again.
"""

from __future__ import annotations

import base64
import binascii
import posixpath
import re
import threading
import time
import urllib.request
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
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
CERT_PATH = re.compile(r"/echo\.api/[A-Za-z0-9._-]+")
TIMESTAMP_TOLERANCE_S = 150
# Skill events (e.g. the runner disabling the skill) may be retried and so arrive late.
SKILL_EVENT_TOLERANCE_S = 3600
MAX_CHAIN_BYTES = 64 * 1024
FETCH_TIMEOUT_S = 5
MIN_RSA_BITS = 2048
SIGNATURE_BYTES = (256, 512)  # RSA 2048 to 4096 bits
NEW_URLS_PER_MINUTE = 10
FAILURE_MEMORY_S = 60


class VerificationError(Exception):
    """The request is not provably from Alexa; answered with HTTP 400 (details only logged)."""


def canonical_cert_url(url: str) -> str:
    """The one form of an acceptable certificate URL; VerificationError for anything else.

    Amazon's rules: https, host s3.amazonaws.com (any case), port 443 if given, a path that
    starts /echo.api/ once dot segments are resolved. Anything that could make the string
    checked differ from the one fetched (percent-escapes, backslashes, user info, control
    characters, a query or a fragment) is refused outright.
    """
    if not url or any(not 0x21 <= ord(c) <= 0x7E for c in url) or "%" in url or "\\" in url:
        raise VerificationError("certificate URL has characters Amazon's never has")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise VerificationError("certificate URL is malformed") from exc
    if parts.scheme.lower() != "https":
        raise VerificationError("certificate URL is not https")
    if "@" in parts.netloc or (parts.hostname or "").lower() != CERT_HOST:
        raise VerificationError("certificate URL host is not s3.amazonaws.com")
    if port is not None and port != 443:
        raise VerificationError("certificate URL port is not 443")
    if parts.query or parts.fragment or "?" in url or "#" in url:
        raise VerificationError("certificate URL has a query or fragment")
    path = posixpath.normpath(parts.path) if parts.path.startswith("/") else ""
    if not CERT_PATH.fullmatch(path):
        raise VerificationError("certificate URL path is not /echo.api/<file>")
    return f"https://{CERT_HOST}{path}"


def check_cert_url(url: str) -> None:
    """Raise VerificationError unless the URL is an acceptable certificate URL."""
    canonical_cert_url(url)


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


@dataclass(frozen=True)
class _Verified:
    """A chain that checked out, and the span in which every certificate of it is valid."""

    leaf: x509.Certificate
    valid_from: datetime
    valid_until: datetime


class RequestVerifier:
    """Verifies signed Alexa requests; keeps verified chains by canonical URL (bounded)."""

    def __init__(
        self,
        *,
        trust_roots: Sequence[x509.Certificate] | None = None,
        fetch_chain: Callable[[str], bytes] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        cache_size: int = 16,
        new_urls_per_minute: int = NEW_URLS_PER_MINUTE,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._roots = list(trust_roots) if trust_roots is not None else None
        self._fetch = fetch_chain or _fetch_https
        self._clock = clock
        self._monotonic = monotonic
        self._cache_size = cache_size
        self._cache: OrderedDict[str, _Verified] = OrderedDict()
        self._failed: OrderedDict[str, float] = OrderedDict()  # url -> when to try again
        self._fetches: list[float] = []  # when recent fetches of new URLs began
        self._new_urls_per_minute = new_urls_per_minute
        self._fetching: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._store: Store | None = None

    def _trust_store(self) -> Store:
        with self._lock:
            if self._store is None:
                roots = self._roots if self._roots is not None else _certifi_roots()
                self._store = Store(roots)
            return self._store

    def _cached(self, url: str, now: datetime) -> x509.Certificate | None:
        with self._lock:
            entry = self._cache.get(url)
            if entry is not None and entry.valid_from <= now <= entry.valid_until:
                self._cache.move_to_end(url)
                return entry.leaf
        return None

    def leaf_for(self, url: str) -> x509.Certificate:
        """The verified signing certificate at this URL, from the cache while it is valid."""
        url = canonical_cert_url(url)
        now = self._clock()
        leaf = self._cached(url, now)
        if leaf is not None:
            return leaf
        with self._lock:
            lock = self._fetching.setdefault(url, threading.Lock())
        with lock:  # one fetch per URL at a time: the others wait for its result
            leaf = self._cached(url, now)
            if leaf is not None:
                return leaf
            self._admit(url)
            try:
                entry = self._verify_chain(self._download(url), now)
            except VerificationError:
                with self._lock:
                    self._failed[url] = self._monotonic() + FAILURE_MEMORY_S
                    while len(self._failed) > 256:
                        self._failed.popitem(last=False)
                raise
            finally:
                with self._lock:
                    self._fetching.pop(url, None)
            with self._lock:
                self._cache[url] = entry
                self._cache.move_to_end(url)
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
            return entry.leaf

    def _admit(self, url: str) -> None:
        """Refuse a URL that failed a moment ago, or one too many new URLs this minute."""
        clock = self._monotonic()
        with self._lock:
            if self._failed.get(url, 0.0) > clock:
                raise VerificationError("certificate URL failed a moment ago")
            self._fetches = [t for t in self._fetches if t > clock - 60]
            if len(self._fetches) >= self._new_urls_per_minute:
                raise VerificationError("too many new certificate URLs this minute")
            self._fetches.append(clock)

    def _download(self, url: str) -> bytes:
        try:
            return self._fetch(url)
        except VerificationError:
            raise
        except Exception as exc:  # noqa: BLE001 - any network or I/O failure means "not verified"
            raise VerificationError(f"cannot fetch the certificate chain: {exc}") from exc

    def _verify_chain(self, pem: bytes, now: datetime) -> _Verified:
        try:
            certificates = x509.load_pem_x509_certificates(pem)
        except ValueError as exc:
            raise VerificationError("certificate chain is not valid PEM") from exc
        leaf, intermediates = certificates[0], certificates[1:]
        _check_signing_leaf(leaf)
        verifier = (
            PolicyBuilder()
            .store(self._trust_store())
            .time(now.replace(tzinfo=None) if now.tzinfo else now)
            .build_server_verifier(DNSName(ECHO_API_DOMAIN))
        )
        try:
            chain = verifier.verify(leaf, intermediates)
        except _X as exc:
            raise VerificationError(f"certificate chain rejected: {exc}") from exc
        except Exception as exc:  # noqa: BLE001 - malformed certificates raise assorted errors
            raise VerificationError(f"certificate chain unusable: {exc}") from exc
        # Kept only while every certificate of the chain is valid, not just the leaf.
        return _Verified(
            leaf=leaf,
            valid_from=max(c.not_valid_before_utc for c in chain),
            valid_until=min(c.not_valid_after_utc for c in chain),
        )

    def verify_signature(self, headers: Mapping[str, str], body: bytes) -> None:
        """Check the headers (cheap, first), then the chain and the Signature-256 header over
        the exact body bytes."""
        url = _header(headers, "SignatureCertChainUrl")
        signature_b64 = _header(headers, "Signature-256")
        try:
            signature = base64.b64decode(signature_b64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise VerificationError("Signature-256 is not base64") from exc
        if not SIGNATURE_BYTES[0] <= len(signature) <= SIGNATURE_BYTES[1]:
            raise VerificationError("Signature-256 is not the length of an RSA signature")
        public_key = self.leaf_for(url).public_key()
        assert isinstance(public_key, rsa.RSAPublicKey)  # checked when the chain was
        try:
            public_key.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature as exc:
            raise VerificationError("signature does not match the body") from exc


def _check_signing_leaf(leaf: x509.Certificate) -> None:
    """What Amazon's signing certificate must be beyond a valid chain: echo-api.amazon.com by
    name (a wildcard will not do), an RSA key of 2048 bits or more, for digital signatures."""
    try:
        names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        dns = [name.lower() for name in names.get_values_for_type(x509.DNSName)]
    except (x509.ExtensionNotFound, ValueError) as exc:
        raise VerificationError("signing certificate names no host") from exc
    if ECHO_API_DOMAIN not in dns:
        raise VerificationError("signing certificate is not echo-api.amazon.com itself")
    key = leaf.public_key()
    if not isinstance(key, rsa.RSAPublicKey) or key.key_size < MIN_RSA_BITS:
        raise VerificationError("signing certificate does not hold an RSA key of 2048 bits")
    try:
        usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    except (x509.ExtensionNotFound, ValueError) as exc:
        raise VerificationError("signing certificate states no key usage") from exc
    if not usage.digital_signature:
        raise VerificationError("signing certificate is not for digital signatures")
