"""The ``uppsikt`` command: the Django management commands, with grouped sub-commands.

``uppsikt import units FILE`` runs the management command ``import_units FILE``; every other
word is passed to Django unchanged (``uppsikt migrate``, ``uppsikt createsuperuser`` …).
"""

from __future__ import annotations

import os
import sys

GROUPS = {
    "import": "Läs in data från filer",
    "generate": "Skapa realistiska testdata för prestandamätning",
    "compute": "Beräkna nyckeltal",
    "ledger": "Huvudbok och saldon",
    "report": "Rapporter på kommandoraden",
    "render": "Skapa dokument",
    "minutes": "Protokoll",
    "kolada": "Jämförelser med Kolada",
}

HELP = """\
uppsikt – planering, uppföljning, uppsikt och beslut för regioner och kommuner

Användning: uppsikt KOMMANDO [ARGUMENT …]

Kom igång:
  demo [--port N] [--no-serve]   skapa databasen, läs in demoregionen och starta webbservern
  serve [--port N]               starta webbservern (och en jobbkörare) mot databasen
  worker                         kör bakgrundsjobb (i drift: egna processer)
  migrate                        förbered en tom databas (eller uppgradera en befintlig)

Data:
{groups}
Övrigt:
  check [--deploy]               kontrollera installationen
  createsuperuser                skapa ett administratörskonto
  help KOMMANDO                  hjälp för ett kommando, t.ex. "uppsikt help import units"
  django                         lista alla underliggande Django-kommandon

Databasen väljs med DATABASE_URL (sqlite:////abs/sökväg.db eller postgres://…);
utan den används en SQLite-fil i $UPPSIKT_DATA_DIR (standard ./var).
"""


def _group_commands(group: str) -> list[str]:
    from django.core.management import get_commands

    prefix = f"{group}_"
    return sorted(
        name[len(prefix) :].replace("_", "-") for name in get_commands() if name.startswith(prefix)
    )


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppsikt.config.settings")
    import django

    django.setup()


def _group_help(group: str) -> str:
    lines = [f"uppsikt {group} – {GROUPS[group].lower()}", "", "Underkommandon:"]
    for sub in _group_commands(group):
        lines.append(f"  uppsikt {group} {sub}   (uppsikt {group} {sub} --help)")
    return "\n".join(lines)


def translate(argv: list[str]) -> list[str]:
    """``["import", "units", "f.csv"]`` → ``["import_units", "f.csv"]``."""
    if argv and argv[0] in GROUPS and len(argv) > 1 and not argv[1].startswith("-"):
        return [f"{argv[0]}_{argv[1].replace('-', '_')}", *argv[2:]]
    if len(argv) > 2 and argv[0] == "help" and argv[1] in GROUPS:
        return [f"{argv[1]}_{argv[2].replace('-', '_')}", "--help"]
    return argv


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _setup()
    if not argv or argv[0] in {"-h", "--help"} or argv == ["help"]:
        groups = "".join(
            f"  {name} …{' ' * (29 - len(name))}{text.lower()}"
            + (f" ({', '.join(_group_commands(name))})" if _group_commands(name) else "")
            + "\n"
            for name, text in GROUPS.items()
            if _group_commands(name)
        )
        print(HELP.format(groups=groups))
        return 0
    if argv[0] in GROUPS and (len(argv) == 1 or argv[1] in {"-h", "--help"}):
        if not _group_commands(argv[0]):
            print(f"uppsikt {argv[0]}: inga underkommandon finns ännu.", file=sys.stderr)
            return 2
        print(_group_help(argv[0]))
        return 0
    if argv == ["django"]:
        argv = ["help"]
    from django.core.management import execute_from_command_line

    argv = translate(argv)
    if argv and argv[0] in GROUPS:
        print(f"uppsikt {argv[0]}: okänt underkommando.\n\n{_group_help(argv[0])}", file=sys.stderr)
        return 2
    execute_from_command_line(["uppsikt", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
