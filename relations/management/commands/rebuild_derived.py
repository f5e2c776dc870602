from django.core.management.base import BaseCommand, CommandError

from relations.cache import data_changed
from relations.models import derived


class Command(BaseCommand):
    help = (
        "Recompute every derived copy and total (relations/models/derived.py) after raw SQL or a "
        "restore; with --check, only report what differs and exit non-zero if anything does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Report differences; change nothing.")

    def handle(self, *args, check: bool = False, **options) -> None:
        found = derived.differences()
        for line in found:
            self.stdout.write(line)
        if check:
            if found:
                raise CommandError(f"{len(found)} derived values differ from a fresh recomputation.")
            self.stdout.write("Every derived copy and total is in step.")
            return
        derived.rebuild_all()
        data_changed()  # pages stored before were built from the stale values
        self.stdout.write(self.style.SUCCESS(f"Rebuilt derived data ({len(found)} values were stale)."))
