"""The demo's seal certificate: a self-made certification authority and a seal certificate
issued by it, made when the demo loads, so the demo's approved minutes are sealed. Nobody else
trusts this authority; the signature page says the seal is a demo's."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from . import seal


def _name(organisation: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(subject, issuer, public_key, signing_key, *, ca: bool, now: dt.datetime):
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650 if ca else 1825))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if not ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
    return builder.sign(signing_key, hashes.SHA256())


def make(*, organisation: str, directory: Path | None = None) -> Path:
    """Make the demo's authority and seal certificate in ``directory`` (the demo's seal
    folder by default), unless they are there already. Returns the folder."""
    directory = directory or seal.demo_dir()
    if (directory / "seal.p12").is_file():
        return directory
    directory.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(organisation, f"{organisation} demo-CA (endast för demonstration)")
    ca_cert = _certificate(ca_name, ca_name, ca_key.public_key(), ca_key, ca=True, now=now)
    seal_key = ec.generate_private_key(ec.SECP256R1())
    seal_cert = _certificate(
        _name(organisation, f"{organisation} – sigill (democertifikat)"),
        ca_name,
        seal_key.public_key(),
        ca_key,
        ca=False,
        now=now,
    )
    passphrase = secrets.token_urlsafe(24)
    p12 = pkcs12.serialize_key_and_certificates(
        b"demo-seal",
        seal_key,
        seal_cert,
        [ca_cert],
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
    (directory / "ca.pem").write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    secret = directory / "passphrase"
    secret.touch(mode=0o600)
    secret.write_text(passphrase, "utf-8")
    p12_path = directory / "seal.p12"
    p12_path.touch(mode=0o600)
    p12_path.write_bytes(p12)  # last: its presence says the folder is complete
    return directory
