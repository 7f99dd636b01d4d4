"""uppsikt render monthly --body RS --period 2024-02 --format docx|pdf|html --out FILE"""

from ._render import RenderCommand


class Command(RenderCommand):
    help = "Månadsrapporten (avvikelserapport) för ett organ som DOCX, PDF eller HTML."
    kind = "monthly"
    period_help = "månad: 2024-02 eller 2024-10"
