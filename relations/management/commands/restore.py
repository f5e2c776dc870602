"""``manage.py restore FILE``: load a file of ``manage.py backup`` into an empty, migrated database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from relations.backup import BackupError, backup_restore, open_backup


class Command(BaseCommand):
    help = (
        "Load a backup made by `manage.py backup` into this database, which must be migrated "
        "(`manage.py migrate`) and empty; all or nothing. Works across SQLite and PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup file (.jsonl or .jsonl.gz).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to restore into.")

    def handle(self, *args, file: Path, database: str, **options) -> None:
        file = Path(file)
        if not file.is_file():
            raise CommandError(f"There is no file {file}.")
        try:
            with open_backup(file) as stream:
                counts = backup_restore(stream, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(f"The restore failed and wrote nothing: {error}") from error
        name = connections[database].settings_dict["NAME"]
        self.stdout.write(f"Restored {sum(counts.values()):,} rows of {len(counts)} tables into {name}.")
