"""uppsikt render followup --body RS --period 2024-UR1 --format docx|pdf|html --out FILE"""

from ._render import RenderCommand


class Command(RenderCommand):
    help = (
        "Uppföljningsrapport 1 eller 2 eller årsrapporten för ett organ som DOCX, PDF eller HTML."
    )
    kind = "followup"
    period_help = "period: 2024-UR1, 2024-UR2 eller 2024-AR"
