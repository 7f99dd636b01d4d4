"""The seal made with a key in a hardware token through PKCS#11 (``UPPSIKT_SEAL_PKCS11_*``),
with SoftHSM2 standing in for the HSM: the test makes a token, loads the seal key and
certificate of the test PKI (``pki.py``) into it, seals through the configured path
(``seal.config()``) and validates the seal with pyHanko and pdfsig."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import override_settings

from conftest import require
from uppsikt.documents import seal

from .pki import served_pki
from .test_seal import _first_signature, _pdfsig, _tampered, minutes_pdf  # noqa: F401

TOKEN = "uppsikt-sigill"
KEY_LABEL = "sigill"
PIN = "246810"
SO_PIN = "13579135"
MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
)


def _module() -> str:
    return next((m for m in MODULES if Path(m).is_file()), "")


@pytest.fixture(scope="module")
def token(tmp_path_factory):
    """A SoftHSM2 token of its own (its own configuration and token folder) holding the seal
    key and certificate of the test PKI; yields the PKI."""
    require(shutil.which("softhsm2-util") is not None, "SoftHSM2 saknas (Debian: softhsm2)")
    require(bool(_module()), "SoftHSM2:s PKCS#11-modul saknas (Debian: softhsm2)")
    require(importlib.util.find_spec("pkcs11") is not None, "python-pkcs11 saknas")
    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    (base / "pki").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\n")
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    try:
        with served_pki(base / "pki") as pki:
            _load_token(pki)
            yield pki
    finally:
        if previous is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = previous


def _softhsm(*args: str) -> None:
    subprocess.run(["softhsm2-util", *args], check=True, capture_output=True, text=True)


def _load_token(pki) -> None:
    _softhsm("--init-token", "--free", "--label", TOKEN, "--so-pin", SO_PIN, "--pin", PIN)
    _softhsm(
        "--import", str(pki.seal_key), "--token", TOKEN, "--label", KEY_LABEL,
        "--id", "01", "--pin", PIN,
    )  # fmt: skip
    # softhsm2-util loads keys only; the certificate goes in through PKCS#11 itself.
    import pkcs11
    from asn1crypto import x509
    from pkcs11 import Attribute, CertificateType, ObjectClass

    der = pki.seal_cert.read_bytes()
    cert = x509.Certificate.load(der)
    lib = pkcs11.lib(_module())
    with lib.get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: KEY_LABEL,
                Attribute.ID: b"\x01",
                Attribute.SUBJECT: cert.subject.dump(),
                Attribute.ISSUER: cert.issuer.dump(),
                Attribute.SERIAL_NUMBER: cert["tbs_certificate"]["serial_number"].dump(),
                Attribute.VALUE: der,
            }
        )


def _settings(pki, *, tsa: bool, pin: str = PIN) -> dict:
    return {
        "UPPSIKT_SEAL_PKCS12": "",
        "UPPSIKT_SEAL_PKCS11_MODULE": _module(),
        "UPPSIKT_SEAL_PKCS11_TOKEN": TOKEN,
        "UPPSIKT_SEAL_PKCS11_KEY": KEY_LABEL,
        "UPPSIKT_SEAL_PKCS11_PIN": pin,
        # SoftHSM2 signs ECDSA only over a digest made by the caller
        "UPPSIKT_SEAL_PKCS11_RAW": True,
        "UPPSIKT_SEAL_TSA_URL": pki.tsa_url if tsa else "",
        "UPPSIKT_SEAL_TRUST_ROOTS": [str(pki.root)],
    }


def test_the_configured_token_is_the_seal_and_names_its_holder(token):
    with override_settings(**_settings(token, tsa=False)):
        cfg = seal.config()
        assert cfg is not None and cfg.pkcs12 is None
        assert cfg.pkcs11_module == _module()
        assert seal.signer_name(cfg) == "Testregionen sigill"


def test_a_seal_made_in_the_token_with_a_tsa_is_b_lta_and_verifies(token, minutes_pdf, tmp_path):  # noqa: F811
    with override_settings(**_settings(token, tsa=True)):
        cfg = seal.config()
        assert cfg.level == "B-LTA"
        sealed = seal.seal_pdf(minutes_pdf, reason="Justerat protokoll")
        check = seal.verify_pdf(sealed)
    assert check.ok, check.problems
    assert (check.seals, check.timestamps) == (1, 1)
    assert "Testregionen sigill" in check.signer
    out = _first_signature(_pdfsig(tmp_path, sealed))
    assert "Signature is Valid." in out, out
    # a byte changed inside the sealed range breaks it for both validators
    broken = _tampered(sealed)
    assert not seal.verify_pdf(broken, trust_roots=(token.root,)).ok
    assert "Signature is Valid." not in _first_signature(_pdfsig(tmp_path, broken))


def test_a_wrong_pin_is_a_seal_unavailable_error_not_a_crash(token, minutes_pdf):  # noqa: F811
    with (
        override_settings(**_settings(token, tsa=False, pin="000000")),
        pytest.raises(seal.SealUnavailable),
    ):
        seal.seal_pdf(minutes_pdf, reason="Justerat protokoll")
