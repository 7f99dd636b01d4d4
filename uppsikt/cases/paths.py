"""The paths of the council's case types: the steps a motion, a citizens' proposal, an
interpellation or a question takes to the council (docs/cases.md). Pure data; ``case_advance``
moves a case along it."""

from __future__ import annotations

from .models import Case

PATHS: dict[str, list[tuple[str, str]]] = {
    Case.Kind.COUNCIL_MOTION: [
        ("submitted", "Väckt i fullmäktige"),
        ("referred", "Remitterad till styrelsen för beredning"),
        ("prepared", "Beredd, förslag till fullmäktige"),
        ("decided", "Besvarad av fullmäktige"),
    ],
    Case.Kind.CITIZEN_PROPOSAL: [
        ("submitted", "Inlämnat"),
        ("referred", "Remitterat till styrelsen eller nämnd"),
        ("prepared", "Berett, förslag till fullmäktige"),
        ("decided", "Besvarat av fullmäktige"),
    ],
    Case.Kind.INTERPELLATION: [
        ("submitted", "Inlämnad"),
        ("allowed", "Får ställas, besvaras vid fullmäktiges sammanträde"),
        ("answered", "Besvarad i fullmäktige, debatterad"),
    ],
    Case.Kind.QUESTION: [
        ("submitted", "Inlämnad"),
        ("allowed", "Får ställas"),
        ("answered", "Besvarad i fullmäktige"),
    ],
}


def first_step(kind: str) -> str:
    steps = PATHS.get(kind)
    return steps[0][0] if steps else ""
