"""uppsikt render plan --body RS --period 2024 --format docx|pdf|html --out FILE"""

from ._render import RenderCommand


class Command(RenderCommand):
    help = "Verksamhetsplanen för ett organ och år som DOCX, PDF eller HTML."
    kind = "plan"
    period_help = "planens år, t.ex. 2024"
