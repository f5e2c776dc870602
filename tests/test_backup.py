"""`manage.py backup` and `manage.py restore`: every row of every table comes back, identical, in an
empty migrated database, on SQLite and PostgreSQL alike, and from SQLite into PostgreSQL.

The second database is a copy of the test database taken before any test wrote to it (a file copy
on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL), so it is migrated without running the
migrations again (5 s of CPU), and its name is unique to the test run and worker.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import shutil
import sqlite3
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.test.utils import override_settings
from rest_framework.authtoken.models import Token

from relations.models import Event, Sector
from tests.world import build_world


@pytest.fixture(scope="module")
def pristine(django_db_setup, django_db_blocker, tmp_path_factory):
    """The name of a copy of the test database as migrate left it (taken before this module's
    tests write to it), never connected to, to copy again for each test."""
    connection = connections["default"]
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            path = tmp_path_factory.mktemp("backup") / "pristine.sqlite3"
            connection.ensure_connection()
            copy = sqlite3.connect(path)
            connection.connection.backup(copy)
            copy.close()
            yield str(path)
            return
        name = f"{connection.settings_dict['NAME']}_pristine_{uuid.uuid4().hex[:8]}"
        _create_database(name, template=connection.settings_dict["NAME"])
        yield name
        _drop_database(name)


def _create_database(name: str, *, template: str) -> None:
    connection = connections["default"]
    connection.close()  # a template must have no one connected to it
    qn = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {qn(name)} TEMPLATE {qn(template)}")


def _drop_database(name: str) -> None:
    with connections["default"]._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connections['default'].ops.quote_name(name)}")


@contextmanager
def database(settings: dict):
    """A second connection, ``restored``, to the database these settings name, for this block.

    Made outside ``DATABASES``: the test case allows only the default database, and lets through
    connections it does not know (as Django's own tests of new connections do)."""
    settings = {**connections["default"].settings_dict, **settings}
    wrapper = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "restored")
    connections._connections.restored = wrapper
    try:
        yield "restored"
    finally:
        wrapper.close()
        del connections["restored"]


@contextmanager
def empty_database(pristine: str, tmp_path: Path):
    """A new database, migrated and empty, as the alias ``restored``."""
    if connections["default"].vendor == "sqlite":
        shutil.copy(pristine, tmp_path / "restored.sqlite3")
        with database({"NAME": str(tmp_path / "restored.sqlite3")}) as alias:
            yield alias
        return
    name = f"{pristine}_{uuid.uuid4().hex[:6]}"
    with connections["default"]._nodb_cursor() as cursor:
        qn = connections["default"].ops.quote_name
        cursor.execute(f"CREATE DATABASE {qn(name)} TEMPLATE {qn(pristine)}")
    try:
        with database({"NAME": name}) as alias:
            yield alias
    finally:
        _drop_database(name)


def build_users_and_history() -> None:
    """The small world, with what a tracker in use has besides: editors who changed records (so
    history rows by several users, several versions of one event), a direct permission, a token,
    an admin log entry, a session, and a content type of an app since removed, with a permission
    on it that a user still holds."""
    world = build_world()
    editors = Group.objects.get(name="Editors")
    # Passwords as stored (hashing one costs half a second).
    alice = User.objects.create_user("alice", email="alice@example.org")
    alice.password = "pbkdf2_sha256$1000000$salt$hash="
    alice.save()
    alice.groups.add(editors)
    bob = User.objects.create_superuser("bob", email="bob@example.org", password=None)
    alice.user_permissions.add(Permission.objects.get(codename="view_user"))
    gone = ContentType.objects.create(app_label="gone", model="oldthing")
    bob.user_permissions.add(
        Permission.objects.create(content_type=gone, codename="tend_oldthing", name="Tend")
    )
    Token.objects.create(user=alice)
    for user, title in ((alice, "16th session of the JMC"), (bob, "16th JMC session, Islamabad")):
        world.session_16.title = title
        world.session_16._history_user = user
        world.session_16.save()
    world.session_16.sectors.add(world.energy)  # a version of the event's sectors
    LogEntry.objects.create(
        user=bob,
        content_type=ContentType.objects.get_for_model(Event),
        object_id=str(world.session_16.pk),
        object_repr=str(world.session_16),
        action_flag=CHANGE,
        change_message="Changed title.",
    )
    session = SessionStore()
    session["_auth_user_id"] = str(alice.pk)
    session.set_expiry(dt.timedelta(days=14))
    session.create()


def table_rows(using: str) -> dict[str, list[tuple]]:
    """Every row of every table, in id order, by model label; references to content types and
    permissions by natural key (each database numbers its own)."""
    types = {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.using(using)}
    permissions = {
        p.pk: (p.codename, *types[p.content_type_id]) for p in Permission.objects.using(using).order_by()
    }
    rows = {"contenttypes.contenttype": sorted(types.values())}
    rows["auth.permission"] = sorted(
        (p.codename, *types[p.content_type_id], p.name) for p in Permission.objects.using(using)
    )
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in rows or not model._meta.managed or model._meta.proxy:
            continue
        fields = model._meta.concrete_fields
        mapped = {
            i: types if field.related_model is ContentType else permissions
            for i, field in enumerate(fields)
            if field.is_relation and field.related_model in (ContentType, Permission)
        }
        rows[label] = [
            tuple(mapped[i].get(v) if i in mapped else v for i, v in enumerate(row))
            for row in model._base_manager.using(using)
            .order_by("pk")
            .values_list(*(f.attname for f in fields))
        ]
    return rows


def restore(path: Path, using: str) -> str:
    out = io.StringIO()
    call_command("restore", str(path), database=using, stdout=out)
    return out.getvalue()


def assert_identical(using: str) -> None:
    source, restored = table_rows("default"), table_rows(using)
    assert source.keys() == restored.keys()
    for label in source:
        assert restored[label] == source[label], label


@pytest.mark.django_db
def test_it_restores_every_row_of_every_table_identically_into_an_empty_database_or_nothing(
    pristine, tmp_path
):
    build_users_and_history()
    path = tmp_path / "tracker.jsonl.gz"
    out = io.StringIO()
    call_command("backup", output=str(path), stdout=out)
    rows = sum(len(table) for table in table_rows("default").values())
    assert out.getvalue().startswith(f"Backed up {rows:,} rows of ")

    with empty_database(pristine, tmp_path) as alias:
        # A backup cut short (a full disk, a copy stopped) is refused, and writes nothing.
        lines = gzip.decompress(path.read_bytes()).decode().splitlines(keepends=True)
        (tmp_path / "cut.jsonl").write_text("".join(lines[:-1]))
        empty = table_rows(alias)
        with pytest.raises(CommandError, match=r"^The backup ends early \(it has no closing line\)"):
            restore(tmp_path / "cut.jsonl", alias)
        assert table_rows(alias) == empty

        said = restore(path, alias)

        assert said.startswith(f"Restored {rows:,} rows of ")
        assert_identical(alias)
        # What the world is made of: the comparison compared something.
        restored = table_rows(alias)
        assert len(restored["relations.historicalevent"]) >= 5
        editors = Event.history.using(alias).values_list("history_user__username", flat=True)
        assert {"alice", "bob"} <= set(editors)
        # The next record gets the next id, in the record's table and in its history.
        last = max(pk for pk, *_ in restored["relations.sector"])
        sector = Sector.objects.using(alias).create(name="Trade", slug="trade")
        assert sector.pk == last + 1
        version = Event.history.using(alias).order_by("history_id").last()
        last, version.pk = version.pk, None
        version.save(using=alias)
        assert version.pk == last + 1
        User.objects.using(alias).get(username="bob").groups.add(
            Group.objects.using(alias).get(name="Editors")
        )


@pytest.mark.django_db
def test_the_file_keeps_history_times_to_the_microsecond_and_leaves_out_what_is_excluded(tmp_path):
    build_world()
    SessionStore().create()
    path = tmp_path / "tracker.jsonl"
    call_command("backup", output=str(path), exclude=["sessions"], stdout=io.StringIO())

    lines = path.read_text().splitlines()
    history_date = Event.history.order_by("history_id").first().history_date
    first = next(line for line in lines if '"model": "relations.historicalevent"' in line)
    assert f'"history_date": "{history_date.isoformat()}"' in first
    assert "sessions.session" not in lines[0] and "relations.historicalevent" in lines[0]
    assert not any('"model": "sessions.session"' in line for line in lines)


@pytest.mark.django_db
def test_it_refuses_a_database_in_use_and_writes_nothing(tmp_path):
    build_users_and_history()
    path = tmp_path / "tracker.jsonl"
    call_command("backup", output=str(path), stdout=io.StringIO())
    before = table_rows("default")

    with pytest.raises(CommandError) as refused:
        restore(path, "default")

    assert str(refused.value).startswith(
        "The database is not empty: admin.LogEntry (1 row), auth.User_groups (1 row), "
        "auth.User_user_permissions (2 rows), auth.User (2 rows), "
    )
    assert str(refused.value).endswith(
        "Restore only into a new database, created empty and migrated (`manage.py migrate`); "
        "nothing was written."
    )
    assert table_rows("default") == before


@pytest.mark.django_db
def test_it_refuses_a_file_that_is_not_a_backup(tmp_path):
    path = tmp_path / "dump.json"
    path.write_text('[{"model": "relations.sector", "pk": 1, "fields": {}}]\n')
    with pytest.raises(CommandError, match=r"^This file is not a backup made by `manage.py backup`\.$"):
        restore(path, "default")


@pytest.mark.django_db
def test_a_tracker_moves_from_sqlite_to_postgresql(pristine, tmp_path):
    """The world is backed up from PostgreSQL and restored into a new SQLite file; that file's
    backup is restored into an empty PostgreSQL database and must equal the world. (The SQLite
    file's tables are made from the models, and its migrations recorded as applied, rather than
    running them: 5 s of CPU saved.)"""
    if connections["default"].vendor != "postgresql":
        pytest.skip("runs when the suite runs on PostgreSQL (DATABASE_URL=postgres://…), as CI does")
    build_users_and_history()
    call_command("backup", output=str(tmp_path / "from_pg.jsonl"), stdout=io.StringIO())
    sqlite_file = tmp_path / "tracker.sqlite3"
    with database({"ENGINE": "django.db.backends.sqlite3", "NAME": str(sqlite_file), "OPTIONS": {}}) as alias:
        with override_settings(MIGRATION_MODULES={config.label: None for config in apps.get_app_configs()}):
            call_command("migrate", database=alias, run_syncdb=True, verbosity=0)
        recorder = MigrationRecorder(connections[alias])
        for app_label, name in MigrationRecorder(connections["default"]).applied_migrations():
            recorder.record_applied(app_label, name)
        restore(tmp_path / "from_pg.jsonl", alias)
        assert_identical(alias)
        call_command(
            "backup", output=str(tmp_path / "from_sqlite.jsonl"), database=alias, stdout=io.StringIO()
        )
    assert '"database": "sqlite"' in (tmp_path / "from_sqlite.jsonl").read_text().splitlines()[0]

    with empty_database(pristine, tmp_path) as alias:
        restore(tmp_path / "from_sqlite.jsonl", alias)
        assert_identical(alias)
        last = Sector.objects.order_by("pk").last().pk
        assert Sector.objects.using(alias).create(name="Trade", slug="trade").pk == last + 1


@pytest.mark.django_db
def test_a_backup_made_before_the_migrations_were_squashed_restores_after(pristine, tmp_path):
    """A database migrated before 0001_squashed_0020_names recorded the twenty migrations it
    replaces, not its own name, which ``migrate`` records beside them in a newer database."""
    build_world()
    path = tmp_path / "tracker.jsonl"
    call_command("backup", output=str(path), stdout=io.StringIO())
    header, *rows = path.read_text().splitlines(keepends=True)
    header = json.loads(header)
    header["migrations"]["relations"] = sorted(
        name
        for app_label, name in MigrationRecorder(connections["default"]).applied_migrations()
        if app_label == "relations" and name != "0001_squashed_0020_names"
    )
    path.write_text(json.dumps(header) + "\n" + "".join(rows))

    with empty_database(pristine, tmp_path) as alias:
        recorded = MigrationRecorder(connections[alias]).applied_migrations()
        assert {("relations", "0001_squashed_0020_names"), ("relations", "0020_names")} <= set(recorded)
        restore(path, alias)
        assert_identical(alias)
