"""Demo step after the dialogues: the brief of the dialogue with Driftnämnden Kollektivtrafik is
generated (rendered as PPTX and, where the server can, PDF, and kept in the case register), so
the demo has a dialogue in each state: in preparation, with its brief, decided."""

from __future__ import annotations

from uppsikt.core.permissions import SYSTEM

from . import services


def load(*, context) -> None:
    dialogue = context.objects["dialogues"]["DNKT"]
    context.objects["dialogues"]["DNKT"] = services.dialogue_brief_generate(
        dialogue=dialogue, actor=SYSTEM
    )
