"""uppsikt render group --period 2024-UR1 --format docx|pdf|html --out FILE"""

from ._render import RenderCommand


class Command(RenderCommand):
    help = "Koncernrapporten för hela regionen (ett kapitel per organ) som DOCX, PDF eller HTML."
    kind = "group"
    needs_body = False
