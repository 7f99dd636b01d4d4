"""Validate E-ARK information packages with eark-validator; run by the interpreter of the
separate environment that holds it (``.venv-eark``), never imported by Uppsikt.

    .venv-eark/bin/python uppsikt/archive/tests/eark_check.py PACKAGE.zip …

The validator reads four small CSIP vocabularies over the network when it starts; the machines
that run the tests have none, so their terms are given here (CSIP 2.1). Prints one JSON line per
package (its structure and metadata results, every error) and exits 1 when any is not valid.
"""

from __future__ import annotations

import io
import json
import sys
import urllib.request
from pathlib import Path

VOCABULARIES = {
    "CSIPVocabularyContentCategory.xml": [
        "Textual works – Digital",
        "Datasets",
        "Databases",
        "Text",
        "Collection",
        "Mixed",
        "Other",
    ],
    "CSIPVocabularyContentInformationType.xml": [
        "ERMS",
        "citserms_v2_1",
        "citspremis_v1_0",
        "MIXED",
        "OTHER",
    ],
    "CSIPVocabularyOAISPackageType.xml": ["SIP", "AIP", "DIP", "AIU", "AIC"],
    "CSIPVocabularyStatus.xml": ["CURRENT", "SUPERSEDED"],
}


def _vocabulary(url, *args, **kwargs):
    name = str(url).rsplit("/", 1)[-1]
    if name not in VOCABULARIES:
        raise OSError(f"no network: {url}")
    lines = [f"<Term>{term}</Term>\n" for term in VOCABULARIES[name]]
    return io.BytesIO("".join(lines).encode())


urllib.request.urlopen = _vocabulary  # before the validator imports it

from eark_validator import packages  # noqa: E402
from eark_validator.specifications.specification import SpecificationVersion  # noqa: E402

# Two rules of eark-validator 1.1.3's Schematron that no package can pass, so they are reported
# but do not count against a package:
# - CSIP63 tests ``@csip:CONTENTINFORMATIONTYPE != 'OTHER' and not(@csip:CONTENTINFORMATIONTYPE)``,
#   false for every file group (an absent attribute compares false), while CSIP 2.1 asks for
#   OTHERCONTENTINFORMATIONTYPE only when the type is OTHER, and CSIP62 asks for the type on the
#   representation's group.
# - SIP14 asks every CREATOR agent's note for an un-namespaced NOTETYPE of IDENTIFICATIONCODE,
#   while CSIP16 requires the one mandatory CREATOR agent (the software) to carry
#   csip:NOTETYPE="SOFTWARE VERSION".
VALIDATOR_DEFECTS = frozenset({"CSIP63", "SIP14"})


def check(path: str) -> dict:
    report = packages.PackageValidator(Path(path), SpecificationVersion.V2_1_0).validation_report
    dump = json.loads(report.model_dump_json())
    structure = dump.get("structure") or {}
    metadata = dump.get("metadata") or {}
    messages = list(structure.get("messages", []))
    for part in ("schema_results", "schematron_results"):
        messages += (metadata.get(part) or {}).get("messages", [])
    errors = [
        m
        for m in messages
        if str(m.get("severity", "")).upper() == "ERROR"
        and m.get("rule_id") not in VALIDATOR_DEFECTS
    ]
    status = {
        "structure": structure.get("status"),
        "schema": (metadata.get("schema_results") or {}).get("status"),
        "schematron": (metadata.get("schematron_results") or {}).get("status"),
    }
    return {"path": path, "status": status, "errors": errors}


def main(paths: list[str]) -> int:
    bad = 0
    for path in paths:
        result = check(path)
        valid = (
            result["status"]["structure"] == "WellFormed"
            and result["status"]["schema"] == "VALID"
            and not result["errors"]
        )
        result["valid"] = valid
        print(json.dumps(result, ensure_ascii=False))
        bad += 0 if valid else 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
