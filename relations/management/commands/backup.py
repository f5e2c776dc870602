"""``manage.py backup``: the whole database in one file, for ``manage.py restore`` (relations/backup.py)."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from relations.backup import backup_write, open_backup


class Command(BaseCommand):
    help = (
        "Write every table of every app (records, their history, users, groups, permissions, tokens, "
        "sessions) to one file, as one consistent snapshot; `manage.py restore FILE` loads it into an "
        "empty, migrated database, SQLite or PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="The file to write; gzip-compressed if it ends in .gz. "
            "Default: tracker-backup-<UTC date and time>.jsonl.gz in the current folder.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to back up.")
        parser.add_argument(
            "--exclude",
            action="append",
            default=[],
            metavar="APP_OR_MODEL",
            help="Leave out an app (sessions) or a model (sessions.session); may be repeated.",
        )

    def handle(self, *args, output: Path | None, database: str, exclude: list[str], **options) -> None:
        output = Path(output or f"tracker-backup-{timezone.now():%Y%m%d-%H%M%S}.jsonl.gz")
        # Written beside the target and renamed when complete: a failed run never leaves a file
        # that looks like a backup.
        partial = output.with_name(output.name + ".partial")
        try:
            with open_backup(partial, "wt", compressed=output.suffix == ".gz") as stream:
                counts = backup_write(stream, using=database, exclude=exclude)
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(
            f"Backed up {sum(counts.values()):,} rows of {len(counts)} tables to {output} "
            f"({output.stat().st_size:,} bytes)."
        )
