"""A test PKI and time-stamping service built with Certomancer: a root authority, the
organisation's seal certificate, an OCSP responder, a CRL and a TSA, served over HTTP on
127.0.0.1 by Certomancer's own WSGI application (its "Animator") in a thread, so the seal
code reaches them exactly as it would reach a real TSA."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

VALIDITY = {"valid-from": "2020-01-01T00:00:00+0000", "valid-to": "2100-01-01T00:00:00+0000"}


def _cert(subject: str, issuer: str, extensions: list) -> dict:
    return {
        "subject": subject,
        "issuer": issuer,
        "validity": VALIDITY,
        "extensions": extensions,
    }


def _key_usage(*usages: str) -> dict:
    return {
        "id": "key_usage",
        "critical": True,
        "smart-value": {"schema": "key-usage", "params": list(usages)},
    }


def _revocation() -> list:
    return [
        {
            "id": "crl_distribution_points",
            "smart-value": {"schema": "crl-dist-url", "params": {"crl-repo-names": ["root"]}},
        },
        {
            "id": "authority_information_access",
            "smart-value": {
                "schema": "aia-urls",
                "params": {"ocsp-responder-names": ["root-ocsp"]},
            },
        },
    ]


def config(url: str) -> dict:
    keys = {name: {"path": f"{name}.key.pem"} for name in ("root", "seal", "tsa", "ocsp")}
    return {
        "external-url-prefix": url,
        "keysets": {"testregion": {"keys": keys}},
        "pki-architectures": {
            "testregion": {
                "keyset": "testregion",
                "entity-defaults": {"country-name": "SE", "organization-name": "Testregionen"},
                "entities": {
                    "root": {"common-name": "Testregionens rot-CA"},
                    "seal": {"common-name": "Testregionen sigill"},
                    "tsa": {"common-name": "Testregionens tidsstämpeltjänst"},
                    "ocsp": {"common-name": "Testregionens OCSP"},
                },
                "certs": {
                    "root": _cert(
                        "root",
                        "root",
                        [
                            {"id": "basic_constraints", "critical": True, "value": {"ca": True}},
                            _key_usage("digital_signature", "key_cert_sign", "crl_sign"),
                        ],
                    ),
                    "seal": _cert(
                        "seal",
                        "root",
                        [_key_usage("digital_signature", "non_repudiation"), *_revocation()],
                    ),
                    "tsa": _cert(
                        "tsa",
                        "root",
                        [
                            _key_usage("digital_signature"),
                            {
                                "id": "extended_key_usage",
                                "critical": True,
                                "value": ["time_stamping"],
                            },
                            *_revocation(),
                        ],
                    ),
                    "ocsp": _cert(
                        "ocsp",
                        "root",
                        [
                            _key_usage("digital_signature"),
                            {
                                "id": "extended_key_usage",
                                "critical": True,
                                "value": ["ocsp_signing"],
                            },
                            {"id": "ocsp_no_check"},
                        ],
                    ),
                },
                "services": {
                    "ocsp": {
                        "root-ocsp": {
                            "for-issuer": "root",
                            "responder-cert": "ocsp",
                            "signing-key": "ocsp",
                        }
                    },
                    "crl-repo": {
                        "root": {
                            "for-issuer": "root",
                            "signing-key": "root",
                            "simulated-update-schedule": "P90D",
                        }
                    },
                    "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
                },
            }
        },
    }


@dataclass
class TestPki:
    pkcs12: Path
    passphrase: str
    root: Path
    tsa_url: str
    other_root: Path  # a root that issued nothing here: a seal is not trusted against it
    seal_key: Path  # the seal's private key (PKCS#8 PEM), for loading into a token
    seal_cert: Path  # the seal's certificate (DER)


def _write_key(path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def _other_root(directory: Path) -> Path:
    from uppsikt.documents import demo_seal

    other = demo_seal.make(organisation="Någon annan", directory=directory / "other")
    return other / "ca.pem"


@contextlib.contextmanager
def served_pki(directory: Path):
    """Build the PKI in ``directory`` and serve its OCSP, CRL and TSA while the block runs."""
    from certomancer.integrations.animator import Animator, AnimatorArchStore
    from certomancer.registry import CertomancerConfig
    from werkzeug.serving import make_server

    for name in ("root", "seal", "tsa", "ocsp"):
        _write_key(directory / f"{name}.key.pem")
    app_holder: dict = {}
    server = make_server("127.0.0.1", 0, lambda env, start: app_holder["app"](env, start))
    url = f"http://127.0.0.1:{server.server_port}"
    cfg = CertomancerConfig(config(url), key_search_dir=str(directory))
    arch = cfg.get_pki_arch("testregion")
    app_holder["app"] = Animator(AnimatorArchStore({"testregion": arch}), with_web_ui=False)
    passphrase = "testlosen"
    p12 = directory / "seal.p12"
    p12.write_bytes(arch.package_pkcs12("seal", password=passphrase.encode()))
    root = directory / "root.pem"
    root.write_bytes(arch.get_cert("root").dump())
    seal_cert = directory / "seal.der"
    seal_cert.write_bytes(arch.get_cert("seal").dump())
    tsa_url = arch.service_registry.get_tsa_info("tsa").url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield TestPki(
            pkcs12=p12,
            passphrase=passphrase,
            root=root,
            tsa_url=tsa_url,
            other_root=_other_root(directory),
            seal_key=directory / "seal.key.pem",
            seal_cert=seal_cert,
        )
    finally:
        server.shutdown()
        thread.join()
