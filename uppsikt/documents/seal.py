"""The organisation's electronic seal (elektroniskt sigill) on a PDF: a PAdES signature made
with pyHanko, and its validation (docs/sealing.md).

No domain: the caller renders the PDF/A, seals it here and keeps the sealed bytes. What the
seal is made with comes from the settings (``UPPSIKT_SEAL_*``): a PKCS#12 file and its
passphrase, or a PKCS#11 token; an RFC 3161 time-stamping service (TSA) when there is one;
the trust roots a seal is validated against. With a TSA the seal is PAdES B-LTA: the signature
carries a signature timestamp, the certificates and revocation data it needs are embedded in
the file (the DSS) and a document timestamp covers all of it. Without one it is PAdES B-B:
the signing time is the server's own claim and nothing proves when the seal was made.

pyHanko is imported only when a seal is made or checked.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

FIELD_NAME = "Sigill"


class SealUnavailable(RuntimeError):
    """No seal is configured, or the configured one cannot be opened."""


@dataclass(frozen=True)
class SealConfig:
    pkcs12: Path | None = None
    passphrase: str = ""
    pkcs11_module: str = ""
    pkcs11_token: str = ""
    pkcs11_key: str = ""
    pkcs11_pin: str = ""
    pkcs11_raw: bool = False
    tsa_url: str = ""
    trust_roots: tuple[Path, ...] = ()
    demo: bool = False

    @property
    def level(self) -> str:
        """The PAdES baseline level a seal made with this configuration reaches."""
        return "B-LTA" if self.tsa_url else "B-B"


def demo_dir() -> Path:
    """Where the demo keeps its self-made seal certificate (``documents.demo_seal``)."""
    return Path(getattr(settings, "UPPSIKT_SEAL_DEMO_DIR", "") or settings.DATA_DIR / "demo-seal")


def config() -> SealConfig | None:
    """The configured seal, or None. The settings win; without them, the demo's certificate
    when the demo has made one."""
    roots = tuple(Path(p) for p in settings.UPPSIKT_SEAL_TRUST_ROOTS)
    tsa = settings.UPPSIKT_SEAL_TSA_URL
    if settings.UPPSIKT_SEAL_PKCS12:
        return SealConfig(
            pkcs12=Path(settings.UPPSIKT_SEAL_PKCS12),
            passphrase=settings.UPPSIKT_SEAL_PASSPHRASE,
            tsa_url=tsa,
            trust_roots=roots,
        )
    if settings.UPPSIKT_SEAL_PKCS11_MODULE:
        return SealConfig(
            pkcs11_module=settings.UPPSIKT_SEAL_PKCS11_MODULE,
            pkcs11_token=settings.UPPSIKT_SEAL_PKCS11_TOKEN,
            pkcs11_key=settings.UPPSIKT_SEAL_PKCS11_KEY,
            pkcs11_pin=settings.UPPSIKT_SEAL_PKCS11_PIN,
            pkcs11_raw=settings.UPPSIKT_SEAL_PKCS11_RAW,
            tsa_url=tsa,
            trust_roots=roots,
        )
    demo = demo_dir()
    if (demo / "seal.p12").is_file():
        return SealConfig(
            pkcs12=demo / "seal.p12",
            passphrase=(demo / "passphrase").read_text("utf-8").strip(),
            tsa_url=tsa,
            trust_roots=roots or (demo / "ca.pem",),
            demo=True,
        )
    return None


def configured() -> bool:
    return config() is not None


def _load_certs(paths) -> list:
    from pyhanko.keys import load_certs_from_pemder

    return list(load_certs_from_pemder([str(p) for p in paths]))


def _signer(cfg: SealConfig):
    from pyhanko.sign import signers

    if cfg.pkcs12 is not None:
        try:
            data = cfg.pkcs12.read_bytes()
        except OSError as exc:
            raise SealUnavailable(f"Sigillets PKCS#12-fil kan inte läsas: {exc}") from exc
        try:
            signer = signers.SimpleSigner.load_pkcs12_data(
                data, other_certs=(), passphrase=cfg.passphrase.encode() or None
            )
        except ValueError as exc:  # a wrong passphrase or not a PKCS#12 file
            raise SealUnavailable("Sigillets PKCS#12-fil kan inte öppnas.") from exc
        if signer is None:
            raise SealUnavailable("Sigillets PKCS#12-fil kan inte öppnas.")
        return signer, None
    # A hardware token (HSM) through its PKCS#11 module; needs python-pkcs11 installed.
    try:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11
    except ImportError as exc:
        raise SealUnavailable("PKCS#11 kräver paketet python-pkcs11.") from exc
    from pkcs11 import PKCS11Error

    try:
        session = pkcs11.open_pkcs11_session(
            cfg.pkcs11_module,
            token_criteria=TokenCriteria(label=cfg.pkcs11_token or None),
            user_pin=cfg.pkcs11_pin or None,
        )
    except (PKCS11Error, OSError, RuntimeError) as exc:  # no module, no token, a wrong PIN
        raise SealUnavailable(
            f"Sigillets PKCS#11-token kan inte öppnas: {type(exc).__name__}"
        ) from exc
    # With ``pkcs11_raw`` the digest is made here and the token only signs it (CKM_ECDSA,
    # CKM_RSA_PKCS), for tokens without the hash-and-sign mechanisms (SoftHSM2's ECDSA).
    signer = pkcs11.PKCS11Signer(
        session, key_label=cfg.pkcs11_key or None, use_raw_mechanism=cfg.pkcs11_raw
    )
    return signer, session


def signer_name(cfg: SealConfig | None = None) -> str:
    """The seal certificate's subject, as the signature page names it."""
    cfg = cfg or config()
    if cfg is None:
        return ""
    signer, session = _signer(cfg)
    try:
        subject = signer.signing_cert.subject
        return subject.native.get("common_name") or subject.human_friendly
    finally:
        if session is not None:
            session.close()


def _signing_context(cfg: SealConfig, signer):
    """For embedding the validation data: the chain to the trust roots (or, without them,
    to the self-signed certificates in the PKCS#12 file), its revocation data fetched."""
    from pyhanko_certvalidator import ValidationContext

    roots = _load_certs(cfg.trust_roots) if cfg.trust_roots else []
    chain = list(signer.cert_registry)
    return ValidationContext(
        trust_roots=roots or [c for c in chain if c.self_signed in ("yes", "maybe")],
        other_certs=chain,
        allow_fetching=True,
        revocation_mode="hard-fail",
    )


def _outside_event_loop(fn, *args, **kwargs):
    """Call ``fn``, one of pyHanko's synchronous calls (each runs its own ``asyncio.run``), in a
    thread of its own when this thread already runs an event loop (an async caller), where
    ``asyncio.run`` would refuse; directly otherwise."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def seal_pdf(content: bytes, *, reason: str, location: str = "", cfg: SealConfig | None = None):
    """``content`` (a PDF) sealed: an invisible PAdES signature field; with a TSA, a signature
    timestamp, the validation data and a document timestamp (B-LTA). Returns the bytes."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps

    cfg = cfg or config()
    if cfg is None:
        raise SealUnavailable("Inget sigill är konfigurerat.")
    signer, session = _signer(cfg)
    try:
        timestamper = timestamps.HTTPTimeStamper(cfg.tsa_url) if cfg.tsa_url else None
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=reason,
            location=location or None,
            embed_validation_info=bool(timestamper),
            use_pades_lta=bool(timestamper),
            validation_context=(_signing_context(cfg, signer) if timestamper else None),
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(content))
        out = io.BytesIO()
        pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper)
        _outside_event_loop(pdf_signer.sign_pdf, writer, output=out)
        return out.getvalue()
    finally:
        if session is not None:
            session.close()


@dataclass
class SealCheck:
    """What validating a sealed PDF found. ``ok``: at least one seal, every signature and
    document timestamp intact and trusted, and nothing added after the last one."""

    seals: int = 0
    timestamps: int = 0
    signer: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.seals > 0 and not self.problems


def _trust_context(roots: list):
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def _check_one(sig, roots: list, check: SealCheck) -> None:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp

    if sig.sig_object_type == "/DocTimeStamp":
        check.timestamps += 1
        status = _outside_event_loop(
            validate_pdf_timestamp, sig, validation_context=_trust_context(roots)
        )
        what = "dokumenttidsstämpeln"
    else:
        check.seals += 1
        status = _outside_event_loop(
            validate_pdf_signature,
            sig,
            signer_validation_context=_trust_context(roots),
            ts_validation_context=_trust_context(roots),
        )
        check.signer = status.signing_cert.subject.human_friendly
        what = "sigillet"
    if not status.intact or not status.valid:
        check.problems.append(f"{what} är brutet: filen har ändrats efter förseglingen")
        return
    if not status.trusted:
        check.problems.append(f"{what} är inte utfärdat av en betrodd utfärdare")
    # After a seal only validation data (the DSS) and document timestamps may be added.
    level = status.modification_level
    if level is None or level > ModificationLevel.LTA_UPDATES:
        check.problems.append(f"filen har ändrats på annat sätt efter {what}")


def verify_pdf(content: bytes, *, trust_roots: tuple[Path, ...] | None = None) -> SealCheck:
    """Validate every seal and document timestamp of a sealed PDF against the trust roots
    (the configured ones by default)."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    check = SealCheck()
    if trust_roots is None:
        cfg = config()
        trust_roots = cfg.trust_roots if cfg else tuple(settings_roots())
    if not trust_roots:
        check.problems.append("inga betrodda rotcertifikat är konfigurerade")
        return check
    roots = _load_certs(trust_roots)
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        signatures = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError) as exc:
        check.problems.append(f"filen kan inte läsas som PDF: {exc}")
        return check
    if not signatures:
        check.problems.append("filen har inget sigill")
        return check
    for sig in signatures:
        try:
            _check_one(sig, roots, check)
        except Exception as exc:  # noqa: BLE001 - a broken signature is a finding, not a crash
            check.problems.append(f"sigillet kan inte valideras: {exc}")
    return check


def settings_roots() -> list[Path]:
    return [Path(p) for p in settings.UPPSIKT_SEAL_TRUST_ROOTS]
