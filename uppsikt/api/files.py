"""Files handed out by the API (minutes, notices' minutes, extracts, records' files): each
answer carries its SHA-256 (``X-Checksum-SHA256``; the ETag is added as for every read), and
each download is audited (``services.api_download_record``)."""

from __future__ import annotations

import hashlib

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from . import services

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RECORD_FILE_TYPES = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
OCTET = "application/octet-stream"


def openapi_file(*mimes: str, description: str = "Filen") -> dict:
    """The ``openapi_extra`` of an endpoint answering with a file of one of ``mimes``."""
    return {
        "responses": {
            "200": {
                "description": description,
                "content": {m: {"schema": {"type": "string", "format": "binary"}} for m in mimes},
            }
        }
    }


def record_file_type(name: str) -> str:
    """The type a record's file is served as: by its extension among those a record may
    carry, anything else as bytes."""
    dot = name.rfind(".")
    return RECORD_FILE_TYPES.get(name[dot:].lower(), OCTET) if dot >= 0 else OCTET


def download(request, *, content: bytes, name: str, mime: str, obj, what: str) -> HttpResponse:
    """``content`` as an attachment named ``name``, its download audited on ``obj``."""
    checksum = hashlib.sha256(content).hexdigest()
    services.api_download_record(
        token=request.auth, obj=obj, what=what, name=name, sha256=checksum, path=request.path
    )
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Checksum-SHA256"] = checksum
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response
