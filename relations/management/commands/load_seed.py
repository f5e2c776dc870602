from pathlib import Path

from django.core.management.base import BaseCommand

from relations.seed import seed_load, seed_story


class Command(BaseCommand):
    help = "Load the seed story (the 16th Pakistan–Türkiye JMC and the events around it). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, help="Another story file in the same format.")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Bring records that exist already back to the story's values (undoes editors' changes).",
        )

    def handle(self, *args, path: Path | None = None, overwrite: bool = False, **options) -> None:
        story = seed_story(path=path)
        created = seed_load(path=path, overwrite=overwrite)
        counts = ", ".join(
            f"{len(story[key])} {key}" for key in ("events", "pledges", "officials", "commissions", "sources")
        )
        self.stdout.write(f"Seed story loaded: {counts} ({sum(created.values())} new records).")
