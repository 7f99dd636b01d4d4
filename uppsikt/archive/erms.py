"""The case metadata of an archive package in FGS Ärendehantering 2.0, that is E-ARK CITS ERMS
2.1 (``schema/ERMS.xsd``), written without the database from the plain data ``content.py``
collects: one aggregation per case (``caseFile``) or per body's minutes of a year, its records
with their files as appendices (the file's path in the package)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from lxml import etree, isoschematron

from .package import SCHEMA_DIR

ERMS = "https://DILCIS.eu/XML/ERMS"

DIRECTIONS = {"incoming": "incoming", "outgoing": "outgoing", "drawn_up": "case_draft"}


@dataclass(frozen=True)
class ErmsFile:
    name: str
    path: str  # in the package, from its root
    mime: str


@dataclass(frozen=True)
class ErmsRecord:
    system_id: str
    number: str
    title: str
    record_type: str  # Swedish: "Inkommen handling", "Beslutsförslag", "Protokollsutdrag", …
    date: dt.date
    direction: str = ""  # a key of DIRECTIONS, or none
    counterpart: str = ""
    secret: bool = False
    secrecy_ground: str = ""
    registered_on: dt.date | None = None
    files: tuple[ErmsFile, ...] = ()


@dataclass(frozen=True)
class ErmsAggregation:
    system_id: str
    number: str
    title: str
    kind: str  # "caseFile", or own: "minutes"
    status: str = ""  # "open", "closed", or none
    description: str = ""
    classification: str = ""
    body: str = ""
    unit: str = ""
    officer: str = ""
    opened_on: dt.date | None = None
    closed_on: dt.date | None = None
    secret: bool = False
    secrecy_ground: str = ""
    records: tuple[ErmsRecord, ...] = ()


@dataclass(frozen=True)
class ErmsExport:
    organisation_name: str
    organisation_code: str
    created: dt.datetime
    created_by: str
    aggregations: tuple[ErmsAggregation, ...] = field(default_factory=tuple)


def _e(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    el = etree.SubElement(parent, f"{{{ERMS}}}{tag}", {k: v for k, v in attrs.items() if v})
    if text is not None:
        el.text = text
    return el


def _moment(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time()).isoformat()


def _control(root, export: ErmsExport) -> None:
    control = _e(root, "control")
    _e(control, "identification", export.organisation_name, identificationType="archiveCreator")
    if export.organisation_code:
        _e(
            control,
            "identification",
            export.organisation_code,
            identificationType="organisationNumber",
        )
    maintenance = _e(control, "maintenanceInformation")
    _e(maintenance, "maintenanceStatus", value="new")
    agency = _e(maintenance, "maintenanceAgency")
    _e(agency, "agencyName", export.organisation_name)
    history = _e(maintenance, "maintenanceHistory")
    event = _e(history, "maintenanceEvent")
    _e(event, "eventType", value="created")
    _e(event, "eventDateTime", export.created.replace(microsecond=0).isoformat())
    agent = _e(event, "agent", agentType="archiver")
    _e(agent, "name", export.created_by or "Uppsikt")


def _restriction(parent, ground: str) -> None:
    restriction = _e(parent, "restriction", restrictionType="confidential")
    _e(restriction, "regulation", ground or "Offentlighets- och sekretesslagen (2009:400)")


def _dates(parent, pairs) -> None:
    pairs = [(kind, day) for kind, day in pairs if day]
    if not pairs:
        return
    dates = _e(parent, "dates")
    for kind, day in pairs:
        _e(dates, "date", _moment(day), dateType=kind)


def _record(parent, record: ErmsRecord) -> None:
    el = _e(parent, "record", systemIdentifier=record.system_id, recordType=record.record_type)
    _e(el, "objectId", record.number)
    _e(el, "title", record.title)
    if record.secret:
        _restriction(el, record.secrecy_ground)
    if record.direction:
        _e(el, "direction", directionDefinition=DIRECTIONS[record.direction])
    if record.counterpart:
        agents = _e(el, "agents")
        agent = _e(agents, "agent", agentType="counterpart")
        _e(agent, "name", record.counterpart)
    _dates(el, [("originated", record.date), ("captured", record.registered_on)])
    if record.files:
        info = _e(el, "additionalInformation")
        for f in record.files:
            _e(info, "appendix", name=f.name, path=f.path, fileFormat=f.mime)


def _aggregation(parent, agg: ErmsAggregation) -> None:
    own = agg.kind != "caseFile"
    el = _e(
        parent,
        "aggregation",
        systemIdentifier=agg.system_id,
        aggregationType="own_aggregation_definition" if own else "caseFile",
        otherAggregationType=agg.kind if own else "",
    )
    _e(el, "objectId", agg.number)
    if agg.classification:
        _e(el, "classification", agg.classification)
    _e(el, "title", agg.title)
    if agg.status:
        _e(el, "status", value=agg.status)
    if agg.secret:
        _restriction(el, agg.secrecy_ground)
    people = [("owner", agg.body), ("responsible_person", agg.officer)]
    people = [(kind, name) for kind, name in people if name]
    if people or agg.unit:
        agents = _e(el, "agents")
        for kind, name in people:
            agent = _e(agents, "agent", agentType=kind)
            _e(agent, "name", name)
            if kind == "responsible_person" and agg.unit:
                _e(agent, "unitName", agg.unit)
    if agg.description:
        _e(el, "description", agg.description)
    _dates(el, [("opened", agg.opened_on), ("closed", agg.closed_on)])
    for record in agg.records:
        _record(el, record)


def erms_xml(export: ErmsExport) -> bytes:
    root = etree.Element(f"{{{ERMS}}}erms", nsmap={None: ERMS})
    _control(root, export)
    aggregations = _e(root, "aggregations")
    for agg in export.aggregations:
        _aggregation(aggregations, agg)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "ERMS.xsd")))


@cache
def _schematron() -> isoschematron.Schematron:
    # The rules use XPath 1.0 only; lxml's Schematron runs them as XSLT 1.0.
    tree = etree.parse(str(SCHEMA_DIR / "erms.sch"))
    tree.getroot().set("queryBinding", "xslt")
    return isoschematron.Schematron(tree, store_report=True)


def erms_problems(content: bytes) -> list[str]:
    """What the XML Schema and the Schematron rules of CITS ERMS find wrong; empty when valid."""
    doc = etree.fromstring(content)
    problems = []
    schema = _schema()
    if not schema.validate(doc):
        problems += [f"XSD rad {e.line}: {e.message}" for e in schema.error_log]
    schematron = _schematron()
    if not schematron.validate(doc):
        problems += [f"Schematron: {e.message}" for e in schematron.error_log]
    return problems
