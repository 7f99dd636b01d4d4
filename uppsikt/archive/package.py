"""The archive information package, written without the database: FGS Paketstruktur 2.0, that
is E-ARK CSIP 2.1 with the SIP 2.1 additions. One folder named by the package's identifier,
zipped:

    <id>/METS.xml                                   the package's structure and checksums
    <id>/metadata/descriptive/erms.xml              the case metadata (FGS Ärendehantering 2.0)
    <id>/metadata/preservation/premis.xml           PREMIS: every file's fixity, the creation
    <id>/schemas/ERMS.xsd                           the schema of erms.xml
    <id>/representations/rep1/data/…                the records' files, the documents

Every file in METS carries its size and SHA-256 (docs/archive.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from lxml import etree

METS = "http://www.loc.gov/METS/"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PREMIS = "http://www.loc.gov/premis/v3"
SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
CONTENT_INFORMATION_TYPE = "citserms_v2_1"
SCHEMA_DIR = Path(__file__).parent / "schema"
REPRESENTATION = "representations/rep1"

_NS = {"mets": METS, "csip": CSIP, "sip": SIP, "xlink": XLINK, "xsi": XSI}


@dataclass(frozen=True)
class PackageFile:
    """A file of the package's one representation: ``path`` below its ``data`` folder."""

    path: str
    content: bytes
    mime: str


@dataclass(frozen=True)
class PackageSpec:
    objid: str
    label: str
    created: dt.datetime
    organisation_name: str
    organisation_code: str
    software_version: str
    erms: bytes
    files: tuple[PackageFile, ...]


@dataclass(frozen=True)
class _Entry:
    path: str  # relative to the package folder
    content: bytes
    mime: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest().upper()


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _m(name: str) -> str:
    return _q(METS, name)


def _iso(moment: dt.datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def _file_attrs(entry: _Entry, created: str) -> dict[str, str]:
    return {
        "MIMETYPE": entry.mime,
        "SIZE": str(len(entry.content)),
        "CREATED": created,
        "CHECKSUM": entry.sha256,
        "CHECKSUMTYPE": "SHA-256",
    }


def _md_ref(parent, entry: _Entry, created: str, mdtype: str, other: str = "") -> None:
    attrs = {
        "LOCTYPE": "URL",
        _q(XLINK, "type"): "simple",
        _q(XLINK, "href"): entry.path,
        "MDTYPE": mdtype,
        **_file_attrs(entry, created),
    }
    if other:
        attrs["OTHERMDTYPE"] = other
    etree.SubElement(parent, _m("mdRef"), attrs)


def _header(root, spec: PackageSpec, created: str) -> None:
    hdr = etree.SubElement(
        root,
        _m("metsHdr"),
        {
            "CREATEDATE": created,
            "LASTMODDATE": created,
            "RECORDSTATUS": "NEW",
            _q(CSIP, "OAISPACKAGETYPE"): "SIP",
        },
    )
    software = etree.SubElement(
        hdr, _m("agent"), {"ROLE": "CREATOR", "TYPE": "OTHER", "OTHERTYPE": "SOFTWARE"}
    )
    etree.SubElement(software, _m("name")).text = "Uppsikt"
    etree.SubElement(
        software, _m("note"), {_q(CSIP, "NOTETYPE"): "SOFTWARE VERSION"}
    ).text = spec.software_version
    # the archival creator (SIP): the organisation whose records these are
    creator = etree.SubElement(hdr, _m("agent"), {"ROLE": "ARCHIVIST", "TYPE": "ORGANIZATION"})
    etree.SubElement(creator, _m("name")).text = spec.organisation_name
    if spec.organisation_code:
        etree.SubElement(
            creator, _m("note"), {_q(CSIP, "NOTETYPE"): "IDENTIFICATIONCODE"}
        ).text = spec.organisation_code


def _file_group(filesec, group_id: str, use: str, entries, created: str, **extra) -> None:
    grp = etree.SubElement(filesec, _m("fileGrp"), {"ID": group_id, "USE": use, **extra})
    for index, entry in enumerate(entries, start=1):
        f = etree.SubElement(
            grp, _m("file"), {"ID": f"{group_id}-{index}", **_file_attrs(entry, created)}
        )
        etree.SubElement(
            f,
            _m("FLocat"),
            {"LOCTYPE": "URL", _q(XLINK, "type"): "simple", _q(XLINK, "href"): entry.path},
        )


def mets_xml(
    spec: PackageSpec, *, erms: _Entry, premis: _Entry, documentation, schemas, data
) -> bytes:
    created = _iso(spec.created)
    root = etree.Element(
        _m("mets"),
        {
            "OBJID": spec.objid,
            "LABEL": spec.label,
            "TYPE": "Mixed",
            _q(CSIP, "CONTENTINFORMATIONTYPE"): CONTENT_INFORMATION_TYPE,
            "PROFILE": SIP_PROFILE,
        },
        nsmap={"mets": METS, "csip": CSIP, "sip": SIP, "xlink": XLINK, "xsi": XSI},
    )
    root.set(
        _q(XSI, "schemaLocation"),
        f"{METS} schemas/mets.xsd {XLINK} schemas/xlink.xsd",
    )
    _header(root, spec, created)
    dmd = etree.SubElement(
        root, _m("dmdSec"), {"ID": "dmd-erms", "CREATED": created, "STATUS": "CURRENT"}
    )
    _md_ref(dmd, erms, created, "OTHER", "ERMS")
    amd = etree.SubElement(root, _m("amdSec"), {"ID": "amd"})
    digiprov = etree.SubElement(
        amd, _m("digiprovMD"), {"ID": "digiprov-premis", "CREATED": created, "STATUS": "CURRENT"}
    )
    _md_ref(digiprov, premis, created, "PREMIS")
    filesec = etree.SubElement(root, _m("fileSec"), {"ID": "filesec"})
    _file_group(filesec, "grp-documentation", "Documentation", documentation, created)
    _file_group(filesec, "grp-schemas", "Schemas", schemas, created)
    _file_group(
        filesec,
        "grp-rep1",
        "Representations/rep1",
        data,
        created,
        **{_q(CSIP, "CONTENTINFORMATIONTYPE"): CONTENT_INFORMATION_TYPE},
    )
    smap = etree.SubElement(
        root, _m("structMap"), {"ID": "structmap", "TYPE": "PHYSICAL", "LABEL": "CSIP"}
    )
    top = etree.SubElement(smap, _m("div"), {"ID": "div-root", "LABEL": spec.objid})
    etree.SubElement(
        top,
        _m("div"),
        {
            "ID": "div-metadata",
            "LABEL": "Metadata",
            "DMDID": "dmd-erms",
            "ADMID": "digiprov-premis",
        },
    )
    for div_id, label, group in (
        ("div-documentation", "Documentation", "grp-documentation"),
        ("div-schemas", "Schemas", "grp-schemas"),
        ("div-representations", "Representations", "grp-rep1"),
    ):
        div = etree.SubElement(top, _m("div"), {"ID": div_id, "LABEL": label})
        etree.SubElement(div, _m("fptr"), {"FILEID": group})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def premis_xml(spec: PackageSpec, entries) -> bytes:
    """PREMIS 3: an object per file with its fixity, the event that made the package and the
    software and organisation that did."""

    def p(name):
        return _q(PREMIS, name)

    root = etree.Element(p("premis"), {"version": "3.0"}, nsmap={None: PREMIS})
    for entry in entries:
        obj = etree.SubElement(root, p("object"), {_q(XSI, "type"): "file"}, nsmap={"xsi": XSI})
        ident = etree.SubElement(obj, p("objectIdentifier"))
        etree.SubElement(ident, p("objectIdentifierType")).text = "local"
        etree.SubElement(ident, p("objectIdentifierValue")).text = entry.path
        chars = etree.SubElement(obj, p("objectCharacteristics"))
        fixity = etree.SubElement(chars, p("fixity"))
        etree.SubElement(fixity, p("messageDigestAlgorithm")).text = "SHA-256"
        etree.SubElement(fixity, p("messageDigest")).text = entry.sha256
        etree.SubElement(chars, p("size")).text = str(len(entry.content))
        fmt = etree.SubElement(chars, p("format"))
        designation = etree.SubElement(fmt, p("formatDesignation"))
        etree.SubElement(designation, p("formatName")).text = entry.mime
    event = etree.SubElement(root, p("event"))
    eid = etree.SubElement(event, p("eventIdentifier"))
    etree.SubElement(eid, p("eventIdentifierType")).text = "local"
    etree.SubElement(eid, p("eventIdentifierValue")).text = f"{spec.objid}-creation"
    etree.SubElement(event, p("eventType")).text = "creation"
    etree.SubElement(event, p("eventDateTime")).text = _iso(spec.created)
    outcome = etree.SubElement(event, p("eventOutcomeInformation"))
    etree.SubElement(outcome, p("eventOutcome")).text = "success"
    for kind, name in (
        ("software", "Uppsikt " + spec.software_version),
        ("organization", spec.organisation_name),
    ):
        link = etree.SubElement(event, p("linkingAgentIdentifier"))
        etree.SubElement(link, p("linkingAgentIdentifierType")).text = "local"
        etree.SubElement(link, p("linkingAgentIdentifierValue")).text = f"{kind}:{name}"
    for kind, name in (
        ("software", "Uppsikt " + spec.software_version),
        ("organization", spec.organisation_name),
    ):
        agent = etree.SubElement(root, p("agent"))
        aid = etree.SubElement(agent, p("agentIdentifier"))
        etree.SubElement(aid, p("agentIdentifierType")).text = "local"
        etree.SubElement(aid, p("agentIdentifierValue")).text = f"{kind}:{name}"
        etree.SubElement(agent, p("agentName")).text = name
        etree.SubElement(agent, p("agentType")).text = kind
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _about(spec: PackageSpec) -> bytes:
    lines = [
        spec.label,
        "",
        f"Arkivpaket {spec.objid} från Uppsikt {spec.software_version}, {spec.organisation_name}.",
        "Paketstruktur: FGS Paketstruktur 2.0 (E-ARK CSIP 2.1 och SIP 2.1).",
        "Ärendemetadata: metadata/descriptive/erms.xml, FGS Ärendehantering 2.0 (CITS ERMS 2.1).",
        "Bevarandemetadata: metadata/preservation/premis.xml (PREMIS 3).",
        "Filerna: representations/rep1/data/. Kontrollsummor (SHA-256) i METS.xml.",
        "",
    ]
    return "\n".join(lines).encode()


def package_write(spec: PackageSpec, out: BinaryIO) -> list[str]:
    """Write the package as a zip to ``out``; returns the paths inside it (below the folder)."""
    data = [_Entry(f"{REPRESENTATION}/data/{f.path}", f.content, f.mime) for f in spec.files]
    documentation = [_Entry("documentation/om-paketet.txt", _about(spec), "text/plain")]
    schemas = [_Entry("schemas/ERMS.xsd", (SCHEMA_DIR / "ERMS.xsd").read_bytes(), "text/xml")]
    erms = _Entry("metadata/descriptive/erms.xml", spec.erms, "text/xml")
    premis = _Entry(
        "metadata/preservation/premis.xml",
        premis_xml(spec, [erms, *documentation, *schemas, *data]),
        "text/xml",
    )
    mets = _Entry(
        "METS.xml",
        mets_xml(
            spec,
            erms=erms,
            premis=premis,
            documentation=documentation,
            schemas=schemas,
            data=data,
        ),
        "text/xml",
    )
    entries = [mets, erms, premis, *documentation, *schemas, *data]
    stamp = spec.created.timetuple()[:6]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for entry in entries:
            info = zipfile.ZipInfo(f"{spec.objid}/{entry.path}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, entry.content)
    return [e.path for e in entries]
