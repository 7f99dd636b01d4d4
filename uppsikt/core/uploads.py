"""Checks for uploaded files: size and type, before anything reads them."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from .exceptions import DomainError

MB = 1024 * 1024

# The first bytes of each accepted type; an extension alone is not trusted.
SIGNATURES = {
    ".pdf": [b"%PDF-"],
    ".docx": [b"PK\x03\x04"],
    ".xlsx": [b"PK\x03\x04"],
    ".pptx": [b"PK\x03\x04"],
    ".png": [b"\x89PNG\r\n\x1a\n"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
}
TEXT_TYPES = {".csv", ".se", ".si", ".sie", ".txt"}
# The first bytes of compressed files: never accepted as text, whatever the name says.
COMPRESSED = {
    b"\x1f\x8b": "gzip",
    b"PK\x03\x04": "zip",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"\x28\xb5\x2f\xfd": "zstd",
}


def check_upload(upload, *, allowed: set[str], max_bytes: int = 20 * MB) -> None:
    """Raise ``DomainError`` unless ``upload`` has an allowed type and is small enough."""
    name = getattr(upload, "name", "") or ""
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        raise DomainError(
            _("Filtypen %(suffix)s är inte tillåten här (tillåtna: %(allowed)s).")
            % {"suffix": suffix or "?", "allowed": ", ".join(sorted(allowed))}
        )
    size = getattr(upload, "size", None)
    if size is None or size > max_bytes:
        raise DomainError(
            _("Filen %(name)s är för stor (högst %(max)d MB).")
            % {"name": name, "max": max_bytes // MB}
        )
    if size == 0:
        raise DomainError(_("Filen %(name)s är tom.") % {"name": name})
    if suffix in SIGNATURES:
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not any(head.startswith(sig) for sig in SIGNATURES[suffix]):
            raise DomainError(
                _("Filen %(name)s är inte en giltig %(suffix)s-fil.")
                % {"name": name, "suffix": suffix}
            )
    elif suffix in TEXT_TYPES:
        upload.seek(0)
        head = upload.read(4096)
        upload.seek(0)
        for magic, kind in COMPRESSED.items():
            if head.startswith(magic):
                raise DomainError(
                    _(
                        "Filen %(name)s är %(kind)s-komprimerad; packa upp den och läs in den "
                        "uppackade filen."
                    )
                    % {"name": name, "kind": kind}
                )
        if b"\x00" in head:
            raise DomainError(_("Filen %(name)s är inte en textfil.") % {"name": name})
