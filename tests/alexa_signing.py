"""Offline stand-in for Amazon's signing: a root CA, an intermediate and an echo-api leaf.

Tests sign request bytes with the leaf key exactly as Alexa does, and give the verifier this
root to trust and `fetch` to load the chain, so the real verification code runs with no network.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"


@cache
def _key(n: int, bits: int = 2048) -> rsa.RSAPrivateKey:
    """RSA keys are slow to make: a few, made once per test run."""
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _cert(
    subject: str,
    key: rsa.RSAPrivateKey,
    issuer: str,
    issuer_key: rsa.RSAPrivateKey,
    *,
    ca: bool,
    not_before: datetime,
    not_after: datetime,
    san: str | None = None,
    signing: bool = True,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    else:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=signing,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        if san is not None:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.DNSName(san)]), critical=False
            )
    return builder.sign(issuer_key, hashes.SHA256())


@dataclass
class SigningAuthority:
    """A CA chain whose leaf signs request bodies; `fetch` serves the chain for CERT_URL."""

    san: str | None = "echo-api.amazon.com"
    leaf_not_before: datetime | None = None
    leaf_not_after: datetime | None = None
    root_key_index: int = 0
    leaf_bits: int = 2048
    leaf_signing: bool = True  # key usage digitalSignature
    intermediate_not_after: datetime | None = None
    fetches: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        now = datetime.now(UTC)
        self.root_key = _key(self.root_key_index)
        self.intermediate_key = _key(10)
        self.leaf_key = _key(20, self.leaf_bits)
        year = timedelta(days=365)
        self.root = _cert(
            "Test Root CA",
            self.root_key,
            "Test Root CA",
            self.root_key,
            ca=True,
            not_before=now - year,
            not_after=now + 10 * year,
        )
        self.intermediate = _cert(
            "Test Intermediate CA",
            self.intermediate_key,
            "Test Root CA",
            self.root_key,
            ca=True,
            not_before=now - year,
            not_after=self.intermediate_not_after or now + 5 * year,
        )
        self.leaf = _cert(
            "echo-api.amazon.com",
            self.leaf_key,
            "Test Intermediate CA",
            self.intermediate_key,
            ca=False,
            not_before=self.leaf_not_before or now - timedelta(days=1),
            not_after=self.leaf_not_after or now + year,
            san=self.san,
            signing=self.leaf_signing,
        )
        self.cert_url = CERT_URL

    @property
    def chain_pem(self) -> bytes:
        """Leaf then intermediate, as Amazon serves it."""
        return b"".join(
            c.public_bytes(serialization.Encoding.PEM) for c in (self.leaf, self.intermediate)
        )

    def fetch(self, url: str) -> bytes:
        """The chain loader handed to the verifier: counts calls, knows only CERT_URL."""
        self.fetches.append(url)
        if url != self.cert_url:
            raise OSError(f"no certificate at {url}")
        return self.chain_pem

    def sign(self, body: bytes, key: rsa.RSAPrivateKey | None = None) -> str:
        """Signature-256 of the body: base64 RSA PKCS#1 v1.5 over SHA-256."""
        signer = key or self.leaf_key
        return base64.b64encode(signer.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode()

    def headers(self, body: bytes) -> dict[str, str]:
        """Both signature headers for a body."""
        return {
            "SignatureCertChainUrl": self.cert_url,
            "Signature-256": self.sign(body),
            "Content-Type": "application/json",
        }


def other_key() -> rsa.RSAPrivateKey:
    """A key no certificate vouches for."""
    return _key(30)
