"""``uppsikt minutes seal``: seal every approved minutes again with the current key."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from uppsikt.core.exceptions import DomainError
from uppsikt.meetings import integrity


class Command(BaseCommand):
    help = (
        "Försegla justerade protokoll med den aktuella nyckeln: efter uppgradering från "
        "onycklade kontrollsummor, eller när nyckeln byts. Allt måste först stämma med sina "
        "gamla kontrollsummor."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accept-unkeyed",
            action="store_true",
            help=(
                "Godta onycklade kontrollsummor från före nycklade kontrollsummor (en gång, "
                "direkt efter uppgraderingen): vem som helst som kan skriva i databasen kan "
                "räkna fram en sådan."
            ),
        )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                count = integrity.reseal_all(accept_unkeyed=options["accept_unkeyed"])
        except DomainError as e:
            raise CommandError(e.message) from e
        key = integrity.keys()[0]
        self.stdout.write(f"{count} rader förseglade med nyckel {key.id}.")
