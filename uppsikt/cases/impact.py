"""The guided impact assessments: the default questions an organisation starts with, and how the
answers are written into a proposal's Konsekvensbeskrivning.

Reference 001 commits the board to a child-rights perspective in every decision proposal; the
gender-equality assessment is the one reference 000 states ("… utifrån ett könsperspektiv").
The questions are data (``AssessmentTemplate``, ``AssessmentQuestion``), editable per
organisation; these are only the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

# code, name, perspective (as written in running text), intro, questions (text, guidance)
DEFAULT_TEMPLATES = [
    (
        "child_rights",
        "Barnrätt",
        "ett barnrättsperspektiv",
        "Barnkonventionen är svensk lag sedan 2020: barnets bästa ska beaktas i beslut som rör "
        "barn (upp till 18 år).",
        [
            (
                "Berörs barn av förslaget, och i så fall vilka?",
                "T.ex. barn som patienter, elever, resenärer, anhöriga; åldrar och grupper.",
            ),
            (
                "Vilket kunskapsunderlag finns om hur barnen berörs?",
                "Statistik, forskning, uppföljningar, erfarenheter från verksamheten.",
            ),
            (
                "Har barnens egna synpunkter inhämtats, och vad sa de?",
                "Dialog, enkäter, barnombud. Om inte: varför inte.",
            ),
            (
                "Hur påverkas barnens rättigheter på kort och lång sikt?",
                "Särskilt artikel 2 (icke-diskriminering), 3 (barnets bästa), 6 (liv och "
                "utveckling) och 12 (rätt att bli hörd).",
            ),
            (
                "Vilka alternativ och kompenserande åtgärder har övervägts?",
                "Om förslaget inte är till barnets bästa: hur kan de negativa följderna mildras?",
            ),
        ],
    ),
    (
        "gender_equality",
        "Jämställdhet",
        "ett könsperspektiv",
        "Förslagets följder för kvinnor, män, flickor och pojkar.",
        [
            (
                "Hur påverkas kvinnor, män, flickor och pojkar av förslaget?",
                "Finns det skillnader i behov, användning eller villkor?",
            ),
            (
                "Hur påverkas fördelningen av service och tjänster?",
                "Får kvinnor och män, flickor och pojkar samma kvalitet och tillgång?",
            ),
            (
                "Hur påverkas möjligheten till inflytande?",
                "Vem deltar i beslut, dialoger och samråd?",
            ),
            (
                "Hur påverkas fördelningen av resurser?",
                "Pengar, tid och utrymme.",
            ),
        ],
    ),
]


@dataclass(frozen=True)
class Answered:
    """One assessment as the text needs it."""

    name: str
    perspective: str
    affected: bool | None
    reason: str
    answers: list[tuple[str, str]]  # (question, answer) in question order
    conclusion: str


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def impact_paragraphs(*, author: str, assessments: list[Answered]) -> list[str]:
    """The Konsekvensbeskrivning as paragraphs, in the assessments' order.

    "Not affected" reads as reference 000 does: "Regionkontoret bedömer inte att ärendet medför
    några konsekvenser utifrån ett könsperspektiv." followed by the reason.
    """
    paragraphs: list[str] = []
    for a in assessments:
        if a.affected is False:
            first = (
                f"{author} bedömer inte att ärendet medför några konsekvenser utifrån "
                f"{a.perspective}."
            )
            reason = _sentence(a.reason)
            paragraphs.append(f"{first} {reason}".strip())
        elif a.affected is True:
            paragraphs.append(
                f"{author} bedömer att ärendet medför konsekvenser utifrån {a.perspective}."
            )
            for question, answer in a.answers:
                if answer.strip():
                    paragraphs.append(f"{question} {_sentence(answer)}")
            if a.conclusion.strip():
                paragraphs.append(f"Slutsats: {_sentence(a.conclusion)}")
    return paragraphs


def missing_answers(a: Answered) -> list[str]:
    """What is still to be answered before the assessment counts as done."""
    if a.affected is None:
        return [a.name]
    if a.affected is False:
        return [] if a.reason.strip() else [a.name]
    if any(not answer.strip() for _q, answer in a.answers) or not a.conclusion.strip():
        return [a.name]
    return []
