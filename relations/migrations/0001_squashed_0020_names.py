"""The tracker's tables as they stand after migrations 0001_initial to 0020_names, which this one
replaces, and the rows a new database starts with: every ISO 3166-1 country with its names (short,
official, ISO, former, historical, in its own languages) and adjectives, the event kinds' codebook,
and the Editors group with its permissions.

A new database is built from this migration alone: ``migrate`` on a new database takes 5.5 s of
CPU instead of the chain's 13, and so does every test database (each step of the chain rebuilt
the models' state, and most of its data steps re-derived stored copies and totals from events a
new database does not have; here the rows are written in bulk).

Upgrading: a database must be at 0020_names before it runs this tracker. There, Django counts
this migration as applied (all it replaces is) and ``migrate`` does nothing. A database at an
older step is first migrated to 0020_names by a tracker of that time (the chain is in the
project's history).

The fields are listed in the order of the tables' columns as the chain left them on PostgreSQL,
whose schema is the same either way (``pg_dump --schema-only``). SQLite rebuilt a table for each
altered column and put that column last: there four tables (commission, event and their
histories) list their columns in another order, which changes nothing.
"""

import datetime as dt

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import relations.models.pledges

# (slug, name, parent, tone, PLOVER event type, PLOVER mode, CAMEO code, description). The
# codes are those of the PLOVER codebook's CAMEO crosswalk (openeventdata/PLOVER); statements
# as such have no PLOVER event type, only CAMEO's 010.
CODEBOOK = [
    ("commission_session", "commission session", None, "cooperation", "CONSULT", "", "046",
     "A numbered session of a standing commission between the countries (negotiation)."),
    ("visit", "visit", None, "cooperation", "CONSULT", "visit", "042",
     "Officials of one country go to another (CAMEO 042 make a visit; 043 host a visit)."),
    ("state_visit", "state visit", "visit", "cooperation", "CONSULT", "visit", "042",
     "A head of state's visit with full ceremonial honours."),
    ("official_visit", "official visit", "visit", "cooperation", "CONSULT", "visit", "042",
     "A visit at the host government's invitation, with protocol below a state visit."),
    ("working_visit", "working visit", "visit", "cooperation", "CONSULT", "visit", "042",
     "A visit for talks, with little ceremony."),
    ("summit", "summit", None, "cooperation", "CONSULT", "", "040",
     "A meeting of heads of state or government, often of several countries."),
    ("meeting", "meeting", None, "cooperation", "CONSULT", "", "040", "Officials meet in person."),
    ("negotiations", "negotiations", "meeting", "cooperation", "CONSULT", "", "046",
     "Talks to reach an agreement or settle a dispute."),
    ("mediation", "mediation", "meeting", "cooperation", "CONSULT", "", "045",
     "A third party helps the parties to a dispute settle it."),
    ("sidelines_meeting", "meeting on the sidelines", "meeting", "cooperation", "CONSULT", "third-party",
     "044", "Two countries' officials meet at a third country's or a multilateral gathering."),
    ("call", "call", None, "cooperation", "CONSULT", "phone", "041", "A telephone or video call."),
    ("statement", "statement", None, "neutral", "", "", "010", "A public statement."),
    ("support_statement", "statement of support", "statement", "cooperation", "SUPPORT", "", "051",
     "One country backs another in public."),
    ("condemnation", "condemnation", "statement", "conflict", "ACCUSE", "", "111",
     "One country criticises or denounces another in public."),
    ("official_protest", "official protest", "statement", "conflict", "ACCUSE", "", "114",
     "A protest note, or an envoy summoned to hear a complaint."),
    ("threat", "threat", "statement", "conflict", "THREATEN", "", "130",
     "One country threatens another with force, sanctions or a break in relations."),
    ("agreement", "agreement signing", None, "cooperation", "SUPPORT", "", "057",
     "The countries sign a formal agreement."),
    ("memorandum", "memorandum of understanding", "agreement", "cooperation", "SUPPORT", "", "057",
     "The countries sign a memorandum of understanding."),
    ("conflict", "conflict", None, "conflict", "ASSAULT", "", "190",
     "Armed conflict between the countries (conventional military force)."),
    ("crisis", "crisis", "conflict", "conflict", "MOBILIZE", "", "15",
     "A period of acute tension around or short of fighting, such as a show of force; the acts "
     "within it may be recorded as events of their own."),
    ("military_strike", "military strike", "conflict", "conflict", "ASSAULT", "heavy-weapons", "195",
     "Air, missile or artillery strikes."),
    ("border_clash", "border clash", "conflict", "conflict", "ASSAULT", "firearms", "193",
     "Forces exchange fire across a border or line of control."),
    ("ceasefire", "ceasefire", "conflict", "cooperation", "RETREAT", "", "0871",
     "A truce or ceasefire is declared."),
    ("cooperation", "cooperation", None, "cooperation", "COOPERATE", "", "060",
     "The countries act together beyond talks."),
    ("military_exercise", "military exercise", "cooperation", "cooperation", "COOPERATE", "", "062",
     "The countries' forces train or exercise together."),
    ("handover_ceremony", "handover ceremony", "cooperation", "cooperation", "COOPERATE", "", "060",
     "One country hands equipment, a project or a site over to another, with a ceremony."),
    ("aid", "aid", None, "cooperation", "AID", "", "070", "One country gives another aid."),
    ("humanitarian_aid", "humanitarian aid", "aid", "cooperation", "AID", "", "073",
     "Relief after a disaster or in a war."),
    ("military_aid", "military aid", "aid", "cooperation", "AID", "", "072",
     "Arms, equipment or training given as aid."),
    ("sanctions", "sanctions", None, "conflict", "SANCTION", "", "163",
     "An embargo, boycott or sanctions imposed."),
    ("reduced_relations", "reduction of relations", "sanctions", "conflict", "SANCTION", "", "161",
     "Envoys recalled or expelled, diplomatic relations reduced or broken."),
    ("other", "other", None, "neutral", "", "", "", "Anything no other kind fits."),
]  # fmt: skip

# The trigram indexes serve ``LIKE '%term%'`` and exist on PostgreSQL only (the pg_trgm extension,
# in PostgreSQL's contrib); elsewhere they are skipped, as Django's own ``TrigramExtension`` does.
# They are written here rather than in the models' ``Meta.indexes`` so that SQLite never meets them,
# not even when it rebuilds a table. django.contrib.postgres is not needed.
TRIGRAM_INDEXES = [
    # Title and summary, folded: the search's own text (``EventQuerySet.matching``).
    ("event_search_text_trgm", "relations_event", "search_text gin_trgm_ops", ""),
    # Names typed for people who are not in the tracker as officials, matched case-insensitively.
    ("participant_name_trgm", "relations_participant", "UPPER(name::text) gin_trgm_ops", "WHERE name <> ''"),
    # A pledge's own search text, folded: the search of pledges (`PledgeQuerySet.matching`).
    ("pledge_search_text_trgm", "relations_pledge", "search_text gin_trgm_ops", ""),
]

# Relations models the Editors group has no permission on: the stored totals and the pair index
# (derived, never edited by hand) and the kinds' history; editors may not add or delete countries.
NOT_FOR_EDITORS = ["countrytotal", "eventpair", "pairtotal", "pledgecountrytotal", "pledgepairtotal",
                   "pledgestatustotal", "historicaleventkind"]  # fmt: skip
NOT_FOR_EDITORS_CODENAMES = ["add_country", "delete_country"]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, columns, condition in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({columns}) {condition}"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _, _ in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def name_source_slug_as_before(apps, schema_editor):
    """On PostgreSQL, the source slug's unique constraint keeps the name the chain gave it (0004
    made the field unique after filling it): every database then has the same schema."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE relations_source RENAME CONSTRAINT relations_source_slug_key"
            " TO relations_source_slug_fb753044_uniq"
        )


def add_countries(apps, schema_editor):
    """Every ISO country, its ISO names (short, official, former) and the names of `OTHER_NAMES`,
    then its adjectives, then the official, native and historical names of `add_country_names`:
    in the order the replaced migrations added them, so that every name keeps its id."""
    from django_countries import countries as iso
    from django_countries.data import COUNTRIES

    from relations.country_names import CURRENT_NAME_OVERRIDES, OTHER_NAMES, add_country_names
    from relations.country_names.demonyms import DEMONYMS
    from relations.names import fold

    Country = apps.get_model("relations", "Country")
    CountryName = apps.get_model("relations", "CountryName")

    names: dict[tuple[str, str], tuple[str, str | None, str | None]] = {}

    def add(code, name, kind, valid_from=None, valid_until=None):
        names.setdefault((code, name), (kind, valid_from, valid_until))

    countries = []
    for code in COUNTRIES:
        current = CURRENT_NAME_OVERRIDES.get(code) or str(iso.name(code))
        countries.append(Country(code=code, name=current))
        add(code, current, "short")
    Country.objects.bulk_create(countries)
    for code, name in COUNTRIES.items():
        add(code, str(name), "official")
    for code, old_names in iso.OLD_NAMES.items():
        for name in old_names:
            add(code, " ".join(name.split()), "former")
    for code, name, kind, valid_from, valid_until in OTHER_NAMES:
        names[(code, name)] = (kind, valid_from, valid_until)

    def day(text):
        return dt.date.fromisoformat(text) if text else None

    CountryName.objects.bulk_create(
        [
            CountryName(
                country_id=code,
                name=name,
                kind=kind,
                valid_from=day(valid_from),
                valid_until=day(valid_until),
                folded=fold(name),
            )
            for (code, name), (kind, valid_from, valid_until) in names.items()
        ]
    )
    CountryName.objects.bulk_create(
        [
            CountryName(country_id=code, name=name, kind="demonym", folded=fold(name))
            for code, adjectives in DEMONYMS.items()
            if code in COUNTRIES
            for name in adjectives
        ],
        ignore_conflicts=True,  # an adjective that is also a recorded name ("Vatican") stays a name
    )
    add_country_names(Country, CountryName)


def add_event_kinds(apps, schema_editor):
    """The codebook, each kind after its parent."""
    EventKind = apps.get_model("relations", "EventKind")
    EventKind.objects.bulk_create(
        [
            EventKind(
                slug=slug,
                name=name,
                parent_id=parent,
                tone=tone,
                plover_event=plover_event,
                plover_mode=plover_mode,
                cameo_code=cameo_code,
                description=description,
            )
            for slug, name, parent, tone, plover_event, plover_mode, cameo_code, description in CODEBOOK
        ]
    )


def create_editors(apps, schema_editor):
    """The Editors group may add, change and delete the tracker's records, but not users, groups,
    countries (the ISO list, complete after migrate: editors may add names to them) or the
    derived tables."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("relations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(
        Permission.objects.filter(content_type__app_label="relations")
        .exclude(content_type__model__in=NOT_FOR_EDITORS)
        .exclude(codename__in=NOT_FOR_EDITORS_CODENAMES)
    )


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    replaces = [
        ("relations", "0001_initial"),
        ("relations", "0002_countries"),
        ("relations", "0003_editors_group"),
        ("relations", "0004_source_slug"),
        ("relations", "0005_event_pair_index"),
        ("relations", "0006_country_demonyms"),
        ("relations", "0007_pair_and_country_totals"),
        ("relations", "0008_pledge_current_status"),
        ("relations", "0009_event_upcoming_index"),
        ("relations", "0010_event_commission_latest_index"),
        ("relations", "0011_eventcountry_timeline"),
        ("relations", "0012_event_search_trigram"),
        ("relations", "0013_participant_timeline"),
        ("relations", "0014_pledge_lists_by_date"),
        ("relations", "0015_text_limits_and_tree_messages"),
        ("relations", "0016_office_end_unknown"),
        ("relations", "0017_pledge_description_and_targets"),
        ("relations", "0018_source_published_precision"),
        ("relations", "0019_event_kinds"),
        ("relations", "0020_names"),
    ]

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="Country",
            fields=[
                (
                    "code",
                    models.CharField(
                        max_length=2, primary_key=True, serialize=False, verbose_name="ISO code"
                    ),
                ),
                ("name", models.CharField(help_text="The current English short name.", max_length=100)),
            ],
            options={
                "verbose_name_plural": "countries",
                "ordering": ["name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("code__regex", "^[A-Z]{2}$")), name="country_code_is_two_capitals"
                    )
                ],
                "indexes": [],
            },
        ),
        migrations.CreateModel(
            name="Commission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("slug", models.SlugField(blank=True, max_length=100, unique=True)),
                ("acronym", models.CharField(blank=True, max_length=30)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("joint_ministerial", "joint ministerial commission"),
                            ("joint", "joint commission"),
                            ("strategic_dialogue", "strategic dialogue"),
                            ("annual_summit", "annual summit"),
                            ("high_level_council", "high-level council"),
                            ("other", "other"),
                        ],
                        max_length=30,
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        max_length=20000,
                        validators=[django.core.validators.MaxLengthValidator(20000)],
                    ),
                ),
                ("search_text", models.TextField(blank=True, editable=False)),
                (
                    "founded_start",
                    models.DateField(editable=False, null=True, verbose_name="founded (first day)"),
                ),
                (
                    "founded_end",
                    models.DateField(editable=False, null=True, verbose_name="founded (last day)"),
                ),
                (
                    "founded_precision",
                    models.PositiveSmallIntegerField(
                        choices=[(9, "year"), (10, "month"), (11, "day")],
                        editable=False,
                        null=True,
                        verbose_name="founded precision",
                    ),
                ),
                (
                    "founded_approximate",
                    models.BooleanField(default=False, editable=False, verbose_name="founded approximate"),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        help_text="The body it reports to, if any.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="relations.commission",
                    ),
                ),
                ("members", models.ManyToManyField(related_name="commissions", to="relations.country")),
            ],
            options={
                "ordering": ["name"],
                "indexes": [],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("parent", models.F("pk")), _negated=True),
                        name="commission_not_own_parent",
                        violation_error_message="A commission cannot report to itself.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("founded_end__gte", models.F("founded_start")),
                            ("founded_start__isnull", True),
                            _connector="OR",
                        ),
                        name="relations_commission_founded_end_on_or_after_start",
                        violation_error_message="The end of a date cannot be before its start.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("founded_precision__in", [9, 10, 11]),
                            ("founded_precision__isnull", True),
                            _connector="OR",
                        ),
                        name="relations_commission_founded_known_precision",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("founded_end__isnull", True),
                                ("founded_precision__isnull", True),
                                ("founded_start__isnull", True),
                            ),
                            models.Q(
                                ("founded_end__isnull", False),
                                ("founded_precision__isnull", False),
                                ("founded_start__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="relations_commission_founded_complete",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="CountryName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=150)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("official", "official"),
                            ("short", "short"),
                            ("former", "former"),
                            ("alternate", "alternate"),
                            ("transliteration", "transliteration"),
                            ("acronym", "acronym"),
                            ("demonym", "adjective (demonym)"),
                            ("native", "in its own language"),
                            ("iso", "ISO 3166 name"),
                        ],
                        default="alternate",
                        max_length=20,
                    ),
                ),
                (
                    "valid_from",
                    models.DateField(blank=True, help_text="When the name came into use.", null=True),
                ),
                (
                    "valid_until",
                    models.DateField(blank=True, help_text="When the name was dropped.", null=True),
                ),
                ("folded", models.CharField(db_index=True, editable=False, max_length=150)),
                (
                    "country",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="names",
                        to="relations.country",
                    ),
                ),
            ],
            options={
                "ordering": ["country", "kind", "name"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("kind", "former"), ("valid_until__isnull", False)),
                        fields=["country", "valid_until"],
                        name="country_name_renamed",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("country", "name"), name="country_name_unique"),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("valid_until__gte", models.F("valid_from")),
                            ("valid_from__isnull", True),
                            ("valid_until__isnull", True),
                            _connector="OR",
                        ),
                        name="country_name_valid_until_after_from",
                        violation_error_message="A name cannot stop being used before it started.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCommission",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("name", models.CharField(max_length=200)),
                ("slug", models.SlugField(blank=True, max_length=100)),
                ("acronym", models.CharField(blank=True, max_length=30)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("joint_ministerial", "joint ministerial commission"),
                            ("joint", "joint commission"),
                            ("strategic_dialogue", "strategic dialogue"),
                            ("annual_summit", "annual summit"),
                            ("high_level_council", "high-level council"),
                            ("other", "other"),
                        ],
                        max_length=30,
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        max_length=20000,
                        validators=[django.core.validators.MaxLengthValidator(20000)],
                    ),
                ),
                ("search_text", models.TextField(blank=True, editable=False)),
                (
                    "founded_start",
                    models.DateField(editable=False, null=True, verbose_name="founded (first day)"),
                ),
                (
                    "founded_end",
                    models.DateField(editable=False, null=True, verbose_name="founded (last day)"),
                ),
                (
                    "founded_precision",
                    models.PositiveSmallIntegerField(
                        choices=[(9, "year"), (10, "month"), (11, "day")],
                        editable=False,
                        null=True,
                        verbose_name="founded precision",
                    ),
                ),
                (
                    "founded_approximate",
                    models.BooleanField(default=False, editable=False, verbose_name="founded approximate"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The body it reports to, if any.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.commission",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical commission",
                "verbose_name_plural": "historical commissions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCommission_members",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "commission",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.commission",
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.country",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="relations.historicalcommission",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalCommission_members",
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCountry",
            fields=[
                ("code", models.CharField(db_index=True, max_length=2, verbose_name="ISO code")),
                ("name", models.CharField(help_text="The current English short name.", max_length=100)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical country",
                "verbose_name_plural": "historical countries",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCountryName",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("name", models.CharField(max_length=150)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("official", "official"),
                            ("short", "short"),
                            ("former", "former"),
                            ("alternate", "alternate"),
                            ("transliteration", "transliteration"),
                            ("acronym", "acronym"),
                            ("demonym", "adjective (demonym)"),
                            ("native", "in its own language"),
                            ("iso", "ISO 3166 name"),
                        ],
                        default="alternate",
                        max_length=20,
                    ),
                ),
                (
                    "valid_from",
                    models.DateField(blank=True, help_text="When the name came into use.", null=True),
                ),
                (
                    "valid_until",
                    models.DateField(blank=True, help_text="When the name was dropped.", null=True),
                ),
                ("folded", models.CharField(db_index=True, editable=False, max_length=150)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.country",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical country name",
                "verbose_name_plural": "historical country names",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalOfficial",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("name", models.CharField(help_text="The name as the person writes it.", max_length=150)),
                ("slug", models.SlugField(blank=True, max_length=100)),
                (
                    "wikidata_id",
                    models.CharField(
                        blank=True,
                        max_length=20,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^Q[1-9]\\d*$", "A Wikidata id looks like Q12345."
                            )
                        ],
                        verbose_name="Wikidata id",
                    ),
                ),
                ("name_folded", models.CharField(db_index=True, editable=False, max_length=150)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "nationality",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.country",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical official",
                "verbose_name_plural": "historical officials",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSource",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("title", models.CharField(max_length=300)),
                ("url", models.URLField(blank=True, max_length=500, verbose_name="URL")),
                (
                    "publisher",
                    models.CharField(
                        help_text="E.g. “Arab News”, “Associated Press of Pakistan”.", max_length=200
                    ),
                ),
                (
                    "language",
                    models.CharField(default="en", help_text="Language code, e.g. en, tr, ur.", max_length=8),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("official", "official statement"),
                            ("wire", "news agency"),
                            ("newspaper", "newspaper"),
                            ("broadcaster", "broadcaster"),
                            ("online", "online news"),
                            ("research", "research or reference"),
                            ("other", "other"),
                        ],
                        default="newspaper",
                        max_length=20,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        blank=True,
                        help_text="Its key in the API; made from publisher, date and title.",
                        max_length=100,
                    ),
                ),
                (
                    "published_on_approximate",
                    models.BooleanField(
                        default=False, editable=False, verbose_name="published on approximate"
                    ),
                ),
                (
                    "published_on_end",
                    models.DateField(editable=False, null=True, verbose_name="published on (last day)"),
                ),
                (
                    "published_on_precision",
                    models.PositiveSmallIntegerField(
                        choices=[(9, "year"), (10, "month"), (11, "day")],
                        editable=False,
                        null=True,
                        verbose_name="published on precision",
                    ),
                ),
                (
                    "published_on_start",
                    models.DateField(editable=False, null=True, verbose_name="published on (first day)"),
                ),
            ],
            options={
                "verbose_name": "historical source",
                "verbose_name_plural": "historical sources",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Official",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(help_text="The name as the person writes it.", max_length=150)),
                ("slug", models.SlugField(blank=True, max_length=100, unique=True)),
                (
                    "wikidata_id",
                    models.CharField(
                        blank=True,
                        max_length=20,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^Q[1-9]\\d*$", "A Wikidata id looks like Q12345."
                            )
                        ],
                        verbose_name="Wikidata id",
                    ),
                ),
                ("name_folded", models.CharField(db_index=True, editable=False, max_length=150)),
                (
                    "nationality",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="officials",
                        to="relations.country",
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("wikidata_id", ""), _negated=True),
                        fields=("wikidata_id",),
                        name="official_wikidata_id_unique",
                        violation_error_message="Another official already has this Wikidata id.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalOfficialName",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("name", models.CharField(max_length=150)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("official", "official"),
                            ("short", "short"),
                            ("former", "former"),
                            ("alternate", "alternate"),
                            ("transliteration", "transliteration"),
                            ("acronym", "acronym"),
                            ("demonym", "adjective (demonym)"),
                            ("native", "in its own language"),
                            ("iso", "ISO 3166 name"),
                        ],
                        default="transliteration",
                        max_length=20,
                    ),
                ),
                ("folded", models.CharField(db_index=True, editable=False, max_length=150)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "official",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.official",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical official name",
                "verbose_name_plural": "historical official names",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="OfficialName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=150)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("official", "official"),
                            ("short", "short"),
                            ("former", "former"),
                            ("alternate", "alternate"),
                            ("transliteration", "transliteration"),
                            ("acronym", "acronym"),
                            ("demonym", "adjective (demonym)"),
                            ("native", "in its own language"),
                            ("iso", "ISO 3166 name"),
                        ],
                        default="transliteration",
                        max_length=20,
                    ),
                ),
                ("folded", models.CharField(db_index=True, editable=False, max_length=150)),
                (
                    "official",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="names",
                        to="relations.official",
                    ),
                ),
            ],
            options={
                "ordering": ["official", "name"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(fields=("official", "name"), name="official_name_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="Organization",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("slug", models.SlugField(blank=True, max_length=100, unique=True)),
                ("acronym", models.CharField(blank=True, max_length=30)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("government", "government"),
                            ("ministry", "ministry"),
                            ("armed_forces", "armed forces"),
                            ("intelligence", "intelligence agency"),
                            ("parliament", "parliament"),
                            ("international", "international body"),
                            ("other", "other"),
                        ],
                        default="ministry",
                        max_length=20,
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        help_text="Leave empty for an international body.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="organizations",
                        to="relations.country",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="relations.organization",
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
                "indexes": [],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("parent", models.F("pk")), _negated=True),
                        name="organization_not_own_parent",
                        violation_error_message="An organization cannot be part of itself.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="OfficeHeld",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text="As styled at the time, e.g. “Minister of Foreign Affairs”.", max_length=200
                    ),
                ),
                (
                    "start_start",
                    models.DateField(editable=False, null=True, verbose_name="start (first day)"),
                ),
                ("start_end", models.DateField(editable=False, null=True, verbose_name="start (last day)")),
                (
                    "start_precision",
                    models.PositiveSmallIntegerField(
                        choices=[(9, "year"), (10, "month"), (11, "day")],
                        editable=False,
                        null=True,
                        verbose_name="start precision",
                    ),
                ),
                (
                    "start_approximate",
                    models.BooleanField(default=False, editable=False, verbose_name="start approximate"),
                ),
                ("end_start", models.DateField(editable=False, null=True, verbose_name="end (first day)")),
                ("end_end", models.DateField(editable=False, null=True, verbose_name="end (last day)")),
                (
                    "end_precision",
                    models.PositiveSmallIntegerField(
                        choices=[(9, "year"), (10, "month"), (11, "day")],
                        editable=False,
                        null=True,
                        verbose_name="end precision",
                    ),
                ),
                (
                    "end_approximate",
                    models.BooleanField(default=False, editable=False, verbose_name="end approximate"),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="offices",
                        to="relations.country",
                    ),
                ),
                (
                    "official",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="offices",
                        to="relations.official",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="offices",
                        to="relations.organization",
                    ),
                ),
                (
                    "end_unknown",
                    models.BooleanField(
                        default=False,
                        help_text="Tick when a source says the office has ended but not when; the end stays empty. Pages then no longer show it as current.",
                        verbose_name="ended, date unknown",
                    ),
                ),
            ],
            options={
                "verbose_name": "office held",
                "verbose_name_plural": "offices held",
                "ordering": ["official", "-start_start"],
                "indexes": [models.Index(fields=["official", "start_start"], name="office_official_start")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("end_end__gte", models.F("start_start")),
                            ("start_start__isnull", True),
                            ("end_end__isnull", True),
                            _connector="OR",
                        ),
                        name="office_ends_after_it_starts",
                        violation_error_message="An office cannot end before it starts.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_end__gte", models.F("start_start")),
                            ("start_start__isnull", True),
                            _connector="OR",
                        ),
                        name="relations_officeheld_start_end_on_or_after_start",
                        violation_error_message="The end of a date cannot be before its start.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_precision__in", [9, 10, 11]),
                            ("start_precision__isnull", True),
                            _connector="OR",
                        ),
                        name="relations_officeheld_start_known_precision",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("start_end__isnull", True),
                                ("start_precision__isnull", True),
                                ("start_start__isnull", True),
                            ),
                            models.Q(
                                ("start_end__isnull", False),
                                ("start_precision__isnull", False),
                                ("start_start__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="relations_officeheld_start_complete",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("end_end__gte", models.F("end_start")),
                            ("end_start__isnull", True),
                            _connector="OR",
                        ),
                        name="relations_officeheld_end_end_on_or_after_start",
                        violation_error_message="The end of a date cannot be before its start.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("end_precision__in", [9, 10, 11]),
                            ("end_precision__isnull", True),
                            _connector="OR",
                        ),
                        name="relations_officeheld_end_known_precision",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("end_end__isnull", True),
                                ("end_precision__isnull", True),
                                ("end_start__isnull", True),
                            ),
                            models.Q(
                                ("end_end__isnull", False),
                                ("end_precision__isnull", False),
                                ("end_start__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="relations_officeheld_end_complete",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("end_unknown", False), ("end_start__isnull", True), _connector="OR"
                        ),
                        name="office_end_unknown_without_end",
                        violation_error_message="An office with an end date has not ended on an unknown day: clear the end or “ended, date unknown”.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalOrganization",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("name", models.CharField(max_length=200)),
                ("slug", models.SlugField(blank=True, max_length=100)),
                ("acronym", models.CharField(blank=True, max_length=30)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("government", "government"),
                            ("ministry", "ministry"),
                            ("armed_forces", "armed forces"),
                            ("intelligence", "intelligence agency"),
                            ("parliament", "parliament"),
                            ("international", "international body"),
                            ("other", "other"),
                        ],
                        default="ministry",
                        max_length=20,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Leave empty for an international body.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.country",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.organization",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical organization",
                "verbose_name_plural": "historical organizations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalOfficeHeld",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                (
                    "title",
                    models.CharField(
                        help_text="As styled at the time, e.g. “Minister of Foreign Affairs”.", max_length=200
                    ),
                ),
                (
                    "start_start",
                    models.DateField(editable=False, null=True, verbose_name="start (first day)"),
                ),
                ("start_end", models.DateField(editable=False, null=True, verbose_name="start (last day)")),
                (
                    "start_precision",
                    models.PositiveSmallIntegerField(
                        choices=[(9, "year"), (10, "month"), (11, "day")],
                        editable=False,
                        null=True,
                        verbose_name="start precision",
                    ),
                ),
                (
                    "start_approximate",
                    models.BooleanField(default=False, editable=False, verbose_name="start approximate"),
                ),
                ("end_start", models.DateField(editable=False, null=True, verbose_name="end (first day)")),
                ("end_end", models.DateField(editable=False, null=True, verbose_name="end (last day)")),
                (
                    "end_precision",
                    models.PositiveSmallIntegerField(
                        choices=[(9, "year"), (10, "month"), (11, "day")],
                        editable=False,
                        null=True,
                        verbose_name="end precision",
                    ),
                ),
                (
                    "end_approximate",
                    models.BooleanField(default=False, editable=False, verbose_name="end approximate"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.country",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "official",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.official",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.organization",
                    ),
                ),
                (
                    "end_unknown",
                    models.BooleanField(
                        default=False,
                        help_text="Tick when a source says the office has ended but not when; the end stays empty. Pages then no longer show it as current.",
                        verbose_name="ended, date unknown",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical office held",
                "verbose_name_plural": "historical offices held",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Sector",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100)),
                ("slug", models.SlugField(max_length=100, unique=True)),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="relations.sector",
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
                "indexes": [],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("parent", models.F("pk")), _negated=True),
                        name="sector_not_own_parent",
                        violation_error_message="A sector cannot be its own parent.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalSector",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("name", models.CharField(max_length=100)),
                ("slug", models.SlugField(max_length=100)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.sector",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical sector",
                "verbose_name_plural": "historical sectors",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Source",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                ("url", models.URLField(blank=True, max_length=500, verbose_name="URL")),
                (
                    "publisher",
                    models.CharField(
                        help_text="E.g. “Arab News”, “Associated Press of Pakistan”.", max_length=200
                    ),
                ),
                (
                    "language",
                    models.CharField(default="en", help_text="Language code, e.g. en, tr, ur.", max_length=8),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("official", "official statement"),
                            ("wire", "news agency"),
                            ("newspaper", "newspaper"),
                            ("broadcaster", "broadcaster"),
                            ("online", "online news"),
                            ("research", "research or reference"),
                            ("other", "other"),
                        ],
                        default="newspaper",
                        max_length=20,
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        blank=True,
                        help_text="Its key in the API; made from publisher, date and title.",
                        max_length=100,
                        unique=True,
                    ),
                ),
                (
                    "published_on_approximate",
                    models.BooleanField(
                        default=False, editable=False, verbose_name="published on approximate"
                    ),
                ),
                (
                    "published_on_end",
                    models.DateField(editable=False, null=True, verbose_name="published on (last day)"),
                ),
                (
                    "published_on_precision",
                    models.PositiveSmallIntegerField(
                        choices=[(9, "year"), (10, "month"), (11, "day")],
                        editable=False,
                        null=True,
                        verbose_name="published on precision",
                    ),
                ),
                (
                    "published_on_start",
                    models.DateField(editable=False, null=True, verbose_name="published on (first day)"),
                ),
            ],
            options={
                "ordering": ["-published_on_start", "publisher"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("url", ""), _negated=True),
                        fields=("url",),
                        name="source_url_unique",
                        violation_error_message="A source with this URL already exists.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("published_on_end__gte", models.F("published_on_start")),
                            ("published_on_start__isnull", True),
                            _connector="OR",
                        ),
                        name="relations_source_published_on_end_on_or_after_start",
                        violation_error_message="The end of a date cannot be before its start.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("published_on_precision__in", [9, 10, 11]),
                            ("published_on_precision__isnull", True),
                            _connector="OR",
                        ),
                        name="relations_source_published_on_known_precision",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("published_on_end__isnull", True),
                                ("published_on_precision__isnull", True),
                                ("published_on_start__isnull", True),
                            ),
                            models.Q(
                                ("published_on_end__isnull", False),
                                ("published_on_precision__isnull", False),
                                ("published_on_start__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="relations_source_published_on_complete",
                    ),
                ],
                "indexes": [
                    models.Index(fields=["-published_on_start", "publisher"], name="source_newest_first")
                ],
            },
        ),
        migrations.CreateModel(
            name="CountryTotal",
            fields=[
                (
                    "country",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="total",
                        serialize=False,
                        to="relations.country",
                    ),
                ),
                ("events", models.PositiveIntegerField(default=0)),
            ],
            options={
                "abstract": False,
                "indexes": [],
                "constraints": [],
            },
        ),
        migrations.CreateModel(
            name="PairTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("events", models.PositiveIntegerField(default=0)),
                (
                    "high",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="relations.country"
                    ),
                ),
                (
                    "low",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="relations.country",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["-events", "low", "high"], name="pair_total_busiest")],
                "constraints": [
                    models.UniqueConstraint(fields=("low", "high"), name="pair_total_once"),
                    models.CheckConstraint(
                        condition=models.Q(("low__lt", models.F("high"))), name="pair_total_low_before_high"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PledgeStatusTotal",
            fields=[
                ("status", models.CharField(blank=True, max_length=20, primary_key=True, serialize=False)),
                ("pledges", models.PositiveIntegerField(default=0)),
            ],
            options={
                "abstract": False,
                "indexes": [],
                "constraints": [],
            },
        ),
        migrations.CreateModel(
            name="PledgeCountryTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="relations.country",
                    ),
                ),
                ("status", models.CharField(blank=True, max_length=20)),
                ("pledges", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("country", "status"), name="pledge_country_total_once")
                ],
                "indexes": [],
            },
        ),
        migrations.CreateModel(
            name="PledgePairTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "low",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="relations.country",
                    ),
                ),
                (
                    "high",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="relations.country",
                    ),
                ),
                ("status", models.CharField(blank=True, max_length=20)),
                ("pledges", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("low", "high", "status"), name="pledge_pair_total_once"),
                    models.CheckConstraint(
                        condition=models.Q(("low__lt", models.F("high"))),
                        name="pledge_pair_total_low_before_high",
                    ),
                ],
                "indexes": [],
            },
        ),
        migrations.CreateModel(
            name="EventKind",
            fields=[
                (
                    "slug",
                    models.SlugField(
                        help_text="How events, filters and the API name it, e.g. state_visit. Cannot be changed later.",
                        max_length=30,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="As pages show it, e.g. state visit.", max_length=60, unique=True
                    ),
                ),
                (
                    "tone",
                    models.CharField(
                        choices=[
                            ("cooperation", "cooperation"),
                            ("neutral", "neutral"),
                            ("conflict", "conflict"),
                        ],
                        help_text="Whether events of this kind are cooperation or conflict.",
                        max_length=12,
                    ),
                ),
                (
                    "plover_event",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("AGREE", "AGREE"),
                            ("CONSULT", "CONSULT"),
                            ("SUPPORT", "SUPPORT"),
                            ("CONCEDE", "CONCEDE"),
                            ("COOPERATE", "COOPERATE"),
                            ("AID", "AID"),
                            ("RETREAT", "RETREAT"),
                            ("REQUEST", "REQUEST"),
                            ("ACCUSE", "ACCUSE"),
                            ("REJECT", "REJECT"),
                            ("THREATEN", "THREATEN"),
                            ("PROTEST", "PROTEST"),
                            ("SANCTION", "SANCTION"),
                            ("MOBILIZE", "MOBILIZE"),
                            ("COERCE", "COERCE"),
                            ("ASSAULT", "ASSAULT"),
                        ],
                        max_length=10,
                        verbose_name="PLOVER event type",
                    ),
                ),
                (
                    "plover_mode",
                    models.CharField(
                        blank=True,
                        help_text="The event type's mode, e.g. visit for CONSULT.",
                        max_length=30,
                        verbose_name="PLOVER mode",
                    ),
                ),
                (
                    "cameo_code",
                    models.CharField(
                        blank=True,
                        help_text="The closest CAMEO event code, e.g. 042 (make a visit).",
                        max_length=4,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{2,4}$", "A CAMEO code is two to four digits, e.g. 042."
                            )
                        ],
                        verbose_name="CAMEO code",
                    ),
                ),
                ("description", models.TextField(blank=True, max_length=2000)),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        help_text="The kind it rolls up to in filters (state visit → visit); empty for a top-level kind.",
                        limit_choices_to={"parent__isnull": True},
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sub_kinds",
                        to="relations.eventkind",
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
                "indexes": [],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("parent", models.F("slug")), _negated=True),
                        name="event_kind_not_own_parent",
                        violation_error_message="A kind cannot be its own parent.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Event",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                ("slug", models.SlugField(blank=True, max_length=100, unique=True)),
                (
                    "kind",
                    models.ForeignKey(
                        db_column="kind",
                        help_text="The most precise kind that fits: state visit rather than visit.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="relations.eventkind",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("announced", "announced"),
                            ("held", "held"),
                            ("postponed", "postponed"),
                            ("cancelled", "cancelled"),
                        ],
                        default="held",
                        max_length=20,
                    ),
                ),
                (
                    "place",
                    models.CharField(blank=True, help_text="City or site, e.g. Islamabad.", max_length=150),
                ),
                (
                    "session_number",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="The commission's own numbering: 16 for the 16th session.",
                        null=True,
                    ),
                ),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        max_length=20000,
                        validators=[django.core.validators.MaxLengthValidator(20000)],
                    ),
                ),
                ("search_text", models.TextField(blank=True, editable=False)),
                ("date_start", models.DateField(editable=False, verbose_name="date (first day)")),
                ("date_end", models.DateField(editable=False, verbose_name="date (last day)")),
                (
                    "date_precision",
                    models.PositiveSmallIntegerField(
                        choices=[(9, "year"), (10, "month"), (11, "day")],
                        editable=False,
                        verbose_name="date precision",
                    ),
                ),
                (
                    "date_approximate",
                    models.BooleanField(default=False, editable=False, verbose_name="date approximate"),
                ),
                (
                    "commission",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sessions",
                        to="relations.commission",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        help_text="The larger event this is part of, e.g. the visit during which a meeting took place.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="relations.event",
                    ),
                ),
                (
                    "place_country",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events_hosted",
                        to="relations.country",
                        verbose_name="place country",
                    ),
                ),
                ("sectors", models.ManyToManyField(blank=True, related_name="events", to="relations.sector")),
            ],
            options={
                "ordering": ["-date_start", "-pk"],
                "indexes": [
                    models.Index(fields=["-date_start", "-id"], name="event_timeline"),
                    models.Index(fields=["date_end"], name="event_date_end"),
                    models.Index(
                        condition=models.Q(("status", "announced")),
                        fields=["date_start", "id"],
                        name="event_upcoming",
                    ),
                    models.Index(fields=["commission", "-date_start", "-id"], name="event_commission_latest"),
                    models.Index(fields=["title"], name="event_title"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("commission", "session_number"),
                        name="event_one_session_number_per_commission",
                        violation_error_message="This commission already has a session with this number.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("session_number__isnull", True), ("commission__isnull", False), _connector="OR"
                        ),
                        name="event_session_number_needs_commission",
                        violation_error_message="A session number needs a commission.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("session_number__isnull", True), ("session_number__gte", 1), _connector="OR"
                        ),
                        name="event_session_number_positive",
                        violation_error_message="Session numbers start at 1.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("parent", models.F("pk")), _negated=True),
                        name="event_not_own_parent",
                        violation_error_message="An event cannot be part of itself.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("date_end__gte", models.F("date_start")),
                            ("date_start__isnull", True),
                            _connector="OR",
                        ),
                        name="relations_event_date_end_on_or_after_start",
                        violation_error_message="The end of a date cannot be before its start.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("date_precision__in", [9, 10, 11]),
                            ("date_precision__isnull", True),
                            _connector="OR",
                        ),
                        name="relations_event_date_known_precision",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("date_end__isnull", True),
                                ("date_precision__isnull", True),
                                ("date_start__isnull", True),
                            ),
                            models.Q(
                                ("date_end__isnull", False),
                                ("date_precision__isnull", False),
                                ("date_start__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="relations_event_date_complete",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="EventCountry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("host", "host"),
                            ("visitor", "visitor"),
                            ("party", "party"),
                            ("supporter", "supporter"),
                            ("mediator", "mediator"),
                        ],
                        default="party",
                        max_length=20,
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="event_roles",
                        to="relations.country",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="event_countries",
                        to="relations.event",
                    ),
                ),
                (
                    "date_start",
                    models.DateField(
                        editable=False,
                        help_text="A copy of the event's first possible day, for a country's timeline.",
                    ),
                ),
            ],
            options={
                "verbose_name": "country involved",
                "verbose_name_plural": "countries involved",
                "ordering": ["event", "country"],
                "indexes": [
                    models.Index(
                        models.F("country"),
                        models.OrderBy(models.F("date_start"), descending=True),
                        models.OrderBy(models.F("event"), descending=True),
                        name="event_country_timeline",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("event", "country"),
                        name="event_country_once",
                        violation_error_message="This country is already listed for the event.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="EventLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("follow_up", "follow-up of"),
                            ("context", "context for"),
                            ("response", "response to"),
                            ("related", "related to"),
                        ],
                        default="related",
                        max_length=20,
                    ),
                ),
                (
                    "from_event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="links_out",
                        to="relations.event",
                    ),
                ),
                (
                    "to_event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="links_in",
                        to="relations.event",
                    ),
                ),
            ],
            options={
                "verbose_name": "related event",
                "ordering": ["from_event", "kind"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("from_event", "to_event", "kind"),
                        name="event_link_once",
                        violation_error_message="These events are already linked this way.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("from_event", models.F("to_event")), _negated=True),
                        name="event_link_not_to_itself",
                        violation_error_message="An event cannot be related to itself.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalEvent",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("title", models.CharField(max_length=300)),
                ("slug", models.SlugField(blank=True, max_length=100)),
                (
                    "kind",
                    models.ForeignKey(
                        blank=True,
                        db_column="kind",
                        db_constraint=False,
                        help_text="The most precise kind that fits: state visit rather than visit.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.eventkind",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("announced", "announced"),
                            ("held", "held"),
                            ("postponed", "postponed"),
                            ("cancelled", "cancelled"),
                        ],
                        default="held",
                        max_length=20,
                    ),
                ),
                (
                    "place",
                    models.CharField(blank=True, help_text="City or site, e.g. Islamabad.", max_length=150),
                ),
                (
                    "session_number",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="The commission's own numbering: 16 for the 16th session.",
                        null=True,
                    ),
                ),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        max_length=20000,
                        validators=[django.core.validators.MaxLengthValidator(20000)],
                    ),
                ),
                ("search_text", models.TextField(blank=True, editable=False)),
                ("date_start", models.DateField(editable=False, verbose_name="date (first day)")),
                ("date_end", models.DateField(editable=False, verbose_name="date (last day)")),
                (
                    "date_precision",
                    models.PositiveSmallIntegerField(
                        choices=[(9, "year"), (10, "month"), (11, "day")],
                        editable=False,
                        verbose_name="date precision",
                    ),
                ),
                (
                    "date_approximate",
                    models.BooleanField(default=False, editable=False, verbose_name="date approximate"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "commission",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.commission",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The larger event this is part of, e.g. the visit during which a meeting took place.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.event",
                    ),
                ),
                (
                    "place_country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.country",
                        verbose_name="place country",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical event",
                "verbose_name_plural": "historical events",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalEventCountry",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("host", "host"),
                            ("visitor", "visitor"),
                            ("party", "party"),
                            ("supporter", "supporter"),
                            ("mediator", "mediator"),
                        ],
                        default="party",
                        max_length=20,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.country",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.event",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical country involved",
                "verbose_name_plural": "historical countries involved",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalEventLink",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("follow_up", "follow-up of"),
                            ("context", "context for"),
                            ("response", "response to"),
                            ("related", "related to"),
                        ],
                        default="related",
                        max_length=20,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "from_event",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.event",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "to_event",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.event",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical related event",
                "verbose_name_plural": "historical related events",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPledge",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("title", models.CharField(help_text="Short, in your own words.", max_length=300)),
                (
                    "wording",
                    models.TextField(
                        blank=True,
                        help_text="The words used, quoted from a source.",
                        max_length=20000,
                        validators=[django.core.validators.MaxLengthValidator(20000)],
                    ),
                ),
                (
                    "target_amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="5000000000 for $5 billion.",
                        max_digits=20,
                        null=True,
                    ),
                ),
                (
                    "target_currency",
                    models.CharField(
                        blank=True,
                        help_text="ISO 4217 code as reported (USD, EUR, JPY); amounts are never converted.",
                        max_length=3,
                        validators=[relations.models.pledges.validate_currency],
                    ),
                ),
                (
                    "target_measure",
                    models.CharField(
                        blank=True,
                        help_text="What is measured, e.g. “bilateral trade per year”; for people or units, what is counted (“instructors”, “exchanges”); for a percentage, what it is of (“tariff lines”).",
                        max_length=200,
                    ),
                ),
                (
                    "baseline_amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="The starting level, in the target's currency or unit.",
                        max_digits=20,
                        null=True,
                    ),
                ),
                (
                    "baseline_note",
                    models.CharField(
                        blank=True,
                        help_text="Where the baseline comes from: “2024, Turkish state media”.",
                        max_length=200,
                    ),
                ),
                ("search_text", models.TextField(blank=True, editable=False)),
                ("due_start", models.DateField(editable=False, null=True, verbose_name="due (first day)")),
                ("due_end", models.DateField(editable=False, null=True, verbose_name="due (last day)")),
                (
                    "due_precision",
                    models.PositiveSmallIntegerField(
                        choices=[(9, "year"), (10, "month"), (11, "day")],
                        editable=False,
                        null=True,
                        verbose_name="due precision",
                    ),
                ),
                (
                    "due_approximate",
                    models.BooleanField(default=False, editable=False, verbose_name="due approximate"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Where it was made.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.event",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "current_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("announced", "announced"),
                            ("in_progress", "in progress"),
                            ("stalled", "stalled"),
                            ("fulfilled", "fulfilled"),
                            ("partly_fulfilled", "partly fulfilled"),
                            ("not_fulfilled", "not fulfilled"),
                            ("cancelled", "cancelled"),
                        ],
                        editable=False,
                        help_text="The latest status change's.",
                        max_length=20,
                        null=True,
                    ),
                ),
                (
                    "currencies",
                    relations.models.pledges.CurrencyListField(
                        blank=True,
                        default=list,
                        help_text="Currencies the pledge concerns, with or without a figure: “PKR, TRY” for trade settled in local currencies.",
                        validators=[relations.models.pledges.validate_currencies],
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="In your own words, what it commits to: who does what, by when, and how it can be checked.",
                        max_length=20000,
                        validators=[django.core.validators.MaxLengthValidator(20000)],
                    ),
                ),
                (
                    "target_unit",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("people", "people"),
                            ("units", "units"),
                            ("percent", "percent"),
                            ("megawatts", "megawatts"),
                            ("tonnes", "tonnes"),
                            ("kilometres", "kilometres"),
                            ("hectares", "hectares"),
                            ("barrels_per_day", "barrels per day"),
                        ],
                        help_text="For a target that is not money (people, percent, megawatts…); leave the currency empty.",
                        max_length=20,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical pledge",
                "verbose_name_plural": "historical pledges",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalParticipant",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                (
                    "name",
                    models.CharField(
                        blank=True,
                        help_text="Only for someone who is not in the tracker as an official.",
                        max_length=150,
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("co_chair", "co-chair"),
                            ("delegation_head", "head of delegation"),
                            ("host", "host"),
                            ("guest", "guest"),
                            ("delegate", "delegate"),
                            ("speaker", "speaker"),
                            ("other", "other"),
                        ],
                        default="delegate",
                        max_length=20,
                    ),
                ),
                (
                    "capacity",
                    models.CharField(
                        blank=True,
                        help_text="The office they came in, as reported: “Minister of National Defence”.",
                        max_length=200,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.event",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "side",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The country the person spoke for.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.country",
                    ),
                ),
                (
                    "official",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.official",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical participant",
                "verbose_name_plural": "historical participants",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Participant",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        blank=True,
                        help_text="Only for someone who is not in the tracker as an official.",
                        max_length=150,
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("co_chair", "co-chair"),
                            ("delegation_head", "head of delegation"),
                            ("host", "host"),
                            ("guest", "guest"),
                            ("delegate", "delegate"),
                            ("speaker", "speaker"),
                            ("other", "other"),
                        ],
                        default="delegate",
                        max_length=20,
                    ),
                ),
                (
                    "capacity",
                    models.CharField(
                        blank=True,
                        help_text="The office they came in, as reported: “Minister of National Defence”.",
                        max_length=200,
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participants",
                        to="relations.event",
                    ),
                ),
                (
                    "official",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="participations",
                        to="relations.official",
                    ),
                ),
                (
                    "side",
                    models.ForeignKey(
                        blank=True,
                        help_text="The country the person spoke for.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="participants",
                        to="relations.country",
                    ),
                ),
                (
                    "date_start",
                    models.DateField(
                        editable=False,
                        help_text="A copy of the event's first possible day, for an official's events.",
                    ),
                ),
            ],
            options={
                "ordering": ["event", "pk"],
                "indexes": [
                    models.Index(
                        fields=["official", "-date_start", "-id"], name="participant_official_timeline"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("name", ""), ("official__isnull", True), _negated=True),
                        name="participant_official_or_name",
                        violation_error_message="Choose an official or type a name.",
                    ),
                    models.UniqueConstraint(
                        fields=("event", "official"),
                        name="participant_official_once",
                        violation_error_message="This official is already listed for the event.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Pledge",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(help_text="Short, in your own words.", max_length=300)),
                (
                    "wording",
                    models.TextField(
                        blank=True,
                        help_text="The words used, quoted from a source.",
                        max_length=20000,
                        validators=[django.core.validators.MaxLengthValidator(20000)],
                    ),
                ),
                (
                    "target_amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="5000000000 for $5 billion.",
                        max_digits=20,
                        null=True,
                    ),
                ),
                (
                    "target_currency",
                    models.CharField(
                        blank=True,
                        help_text="ISO 4217 code as reported (USD, EUR, JPY); amounts are never converted.",
                        max_length=3,
                        validators=[relations.models.pledges.validate_currency],
                    ),
                ),
                (
                    "target_measure",
                    models.CharField(
                        blank=True,
                        help_text="What is measured, e.g. “bilateral trade per year”; for people or units, what is counted (“instructors”, “exchanges”); for a percentage, what it is of (“tariff lines”).",
                        max_length=200,
                    ),
                ),
                (
                    "baseline_amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="The starting level, in the target's currency or unit.",
                        max_digits=20,
                        null=True,
                    ),
                ),
                (
                    "baseline_note",
                    models.CharField(
                        blank=True,
                        help_text="Where the baseline comes from: “2024, Turkish state media”.",
                        max_length=200,
                    ),
                ),
                ("search_text", models.TextField(blank=True, editable=False)),
                ("due_start", models.DateField(editable=False, null=True, verbose_name="due (first day)")),
                ("due_end", models.DateField(editable=False, null=True, verbose_name="due (last day)")),
                (
                    "due_precision",
                    models.PositiveSmallIntegerField(
                        choices=[(9, "year"), (10, "month"), (11, "day")],
                        editable=False,
                        null=True,
                        verbose_name="due precision",
                    ),
                ),
                (
                    "due_approximate",
                    models.BooleanField(default=False, editable=False, verbose_name="due approximate"),
                ),
                (
                    "event",
                    models.ForeignKey(
                        help_text="Where it was made.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pledges",
                        to="relations.event",
                    ),
                ),
                (
                    "sectors",
                    models.ManyToManyField(blank=True, related_name="pledges", to="relations.sector"),
                ),
                (
                    "current_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("announced", "announced"),
                            ("in_progress", "in progress"),
                            ("stalled", "stalled"),
                            ("fulfilled", "fulfilled"),
                            ("partly_fulfilled", "partly fulfilled"),
                            ("not_fulfilled", "not fulfilled"),
                            ("cancelled", "cancelled"),
                        ],
                        editable=False,
                        help_text="The latest status change's.",
                        max_length=20,
                        null=True,
                    ),
                ),
                (
                    "date_start",
                    models.DateField(
                        editable=False,
                        help_text="A copy of the event's first possible day, for lists of pledges.",
                    ),
                ),
                (
                    "currencies",
                    relations.models.pledges.CurrencyListField(
                        blank=True,
                        default=list,
                        help_text="Currencies the pledge concerns, with or without a figure: “PKR, TRY” for trade settled in local currencies.",
                        validators=[relations.models.pledges.validate_currencies],
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="In your own words, what it commits to: who does what, by when, and how it can be checked.",
                        max_length=20000,
                        validators=[django.core.validators.MaxLengthValidator(20000)],
                    ),
                ),
                (
                    "target_unit",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("people", "people"),
                            ("units", "units"),
                            ("percent", "percent"),
                            ("megawatts", "megawatts"),
                            ("tonnes", "tonnes"),
                            ("kilometres", "kilometres"),
                            ("hectares", "hectares"),
                            ("barrels_per_day", "barrels per day"),
                        ],
                        help_text="For a target that is not money (people, percent, megawatts…); leave the currency empty.",
                        max_length=20,
                    ),
                ),
            ],
            options={
                "ordering": ["-date_start", "-pk"],
                "indexes": [
                    models.Index(fields=["-date_start", "-id"], name="pledge_newest"),
                    models.Index(
                        fields=["current_status", "-date_start", "-id"], name="pledge_status_newest"
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("target_amount__isnull", True), ("target_amount__gt", 0), _connector="OR"
                        ),
                        name="pledge_target_positive",
                        violation_error_message="A target amount must be more than zero.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("due_end__gte", models.F("due_start")),
                            ("due_start__isnull", True),
                            _connector="OR",
                        ),
                        name="relations_pledge_due_end_on_or_after_start",
                        violation_error_message="The end of a date cannot be before its start.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("due_precision__in", [9, 10, 11]),
                            ("due_precision__isnull", True),
                            _connector="OR",
                        ),
                        name="relations_pledge_due_known_precision",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("due_end__isnull", True),
                                ("due_precision__isnull", True),
                                ("due_start__isnull", True),
                            ),
                            models.Q(
                                ("due_end__isnull", False),
                                ("due_precision__isnull", False),
                                ("due_start__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="relations_pledge_due_complete",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("target_amount__isnull", True), ("baseline_amount__isnull", True)),
                            models.Q(("target_currency", ""), _negated=True),
                            models.Q(("target_unit", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="pledge_amount_has_currency_or_unit",
                        violation_error_message="An amount needs its currency or its unit.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("target_currency", ""), ("target_unit", ""), _connector="OR"),
                        name="pledge_currency_or_unit",
                        violation_error_message="A target is in a currency or in a unit, not both.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalPledgeStatusChange",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("announced", "announced"),
                            ("in_progress", "in progress"),
                            ("stalled", "stalled"),
                            ("fulfilled", "fulfilled"),
                            ("partly_fulfilled", "partly fulfilled"),
                            ("not_fulfilled", "not fulfilled"),
                            ("cancelled", "cancelled"),
                        ],
                        max_length=20,
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300)),
                ("as_of_start", models.DateField(editable=False, verbose_name="as of (first day)")),
                ("as_of_end", models.DateField(editable=False, verbose_name="as of (last day)")),
                (
                    "as_of_precision",
                    models.PositiveSmallIntegerField(
                        choices=[(9, "year"), (10, "month"), (11, "day")],
                        editable=False,
                        verbose_name="as of precision",
                    ),
                ),
                (
                    "as_of_approximate",
                    models.BooleanField(default=False, editable=False, verbose_name="as of approximate"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "pledge",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.pledge",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical pledge status change",
                "verbose_name_plural": "historical pledge status changes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPledgeReaffirmation",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("note", models.CharField(blank=True, max_length=300)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.event",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "pledge",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.pledge",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical pledge reaffirmation",
                "verbose_name_plural": "historical pledge reaffirmations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPledgeParty",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("pledger", "pledger"),
                            ("beneficiary", "beneficiary"),
                            ("mutual", "mutual"),
                        ],
                        default="mutual",
                        max_length=20,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.country",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "pledge",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.pledge",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical pledge party",
                "verbose_name_plural": "historical pledge parties",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PledgeParty",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("pledger", "pledger"),
                            ("beneficiary", "beneficiary"),
                            ("mutual", "mutual"),
                        ],
                        default="mutual",
                        max_length=20,
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pledge_parties",
                        to="relations.country",
                    ),
                ),
                (
                    "pledge",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="parties",
                        to="relations.pledge",
                    ),
                ),
                (
                    "date_start",
                    models.DateField(
                        editable=False,
                        help_text="A copy of the event's first possible day, for a country's pledges.",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "pledge parties",
                "ordering": ["pledge", "country"],
                "indexes": [
                    models.Index(
                        models.F("country"),
                        models.OrderBy(models.F("date_start"), descending=True),
                        models.OrderBy(models.F("pledge"), descending=True),
                        name="pledge_party_timeline",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("pledge", "country"),
                        name="pledge_party_once",
                        violation_error_message="This country is already a party to the pledge.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PledgeReaffirmation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300)),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reaffirmed_pledges",
                        to="relations.event",
                    ),
                ),
                (
                    "pledge",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reaffirmations",
                        to="relations.pledge",
                    ),
                ),
            ],
            options={
                "ordering": ["pledge", "event__date_start"],
                "indexes": [],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("pledge", "event"),
                        name="pledge_reaffirmed_once_per_event",
                        violation_error_message="This pledge is already recorded as reaffirmed at that event.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PledgeStatusChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("announced", "announced"),
                            ("in_progress", "in progress"),
                            ("stalled", "stalled"),
                            ("fulfilled", "fulfilled"),
                            ("partly_fulfilled", "partly fulfilled"),
                            ("not_fulfilled", "not fulfilled"),
                            ("cancelled", "cancelled"),
                        ],
                        max_length=20,
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300)),
                ("as_of_start", models.DateField(editable=False, verbose_name="as of (first day)")),
                ("as_of_end", models.DateField(editable=False, verbose_name="as of (last day)")),
                (
                    "as_of_precision",
                    models.PositiveSmallIntegerField(
                        choices=[(9, "year"), (10, "month"), (11, "day")],
                        editable=False,
                        verbose_name="as of precision",
                    ),
                ),
                (
                    "as_of_approximate",
                    models.BooleanField(default=False, editable=False, verbose_name="as of approximate"),
                ),
                (
                    "pledge",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="status_changes",
                        to="relations.pledge",
                    ),
                ),
            ],
            options={
                "ordering": ["pledge", "as_of_start", "pk"],
                "indexes": [
                    models.Index(fields=["pledge", "-as_of_start", "-id"], name="pledge_status_latest")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("pledge", "status", "as_of_start"),
                        name="pledge_status_change_once",
                        violation_error_message="This status is already recorded for that date.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("as_of_end__gte", models.F("as_of_start")),
                            ("as_of_start__isnull", True),
                            _connector="OR",
                        ),
                        name="relations_pledgestatuschange_as_of_end_on_or_after_start",
                        violation_error_message="The end of a date cannot be before its start.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("as_of_precision__in", [9, 10, 11]),
                            ("as_of_precision__isnull", True),
                            _connector="OR",
                        ),
                        name="relations_pledgestatuschange_as_of_known_precision",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("as_of_end__isnull", True),
                                ("as_of_precision__isnull", True),
                                ("as_of_start__isnull", True),
                            ),
                            models.Q(
                                ("as_of_end__isnull", False),
                                ("as_of_precision__isnull", False),
                                ("as_of_start__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="relations_pledgestatuschange_as_of_complete",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalPledge_sectors",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="relations.historicalpledge",
                    ),
                ),
                (
                    "pledge",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.pledge",
                    ),
                ),
                (
                    "sector",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.sector",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalPledge_sectors",
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalEvent_sectors",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.event",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="relations.historicalevent",
                    ),
                ),
                (
                    "sector",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.sector",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalEvent_sectors",
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCitation",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                (
                    "excerpt",
                    models.CharField(
                        blank=True, help_text="A short quotation that supports the fact.", max_length=500
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.event",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.officeheld",
                    ),
                ),
                (
                    "pledge",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.pledge",
                    ),
                ),
                (
                    "status_change",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.pledgestatuschange",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.source",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical citation",
                "verbose_name_plural": "historical citations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Citation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "excerpt",
                    models.CharField(
                        blank=True, help_text="A short quotation that supports the fact.", max_length=500
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="relations.event",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="relations.officeheld",
                    ),
                ),
                (
                    "pledge",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="relations.pledge",
                    ),
                ),
                (
                    "status_change",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="relations.pledgestatuschange",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="citations",
                        to="relations.source",
                    ),
                ),
            ],
            options={
                "ordering": ["pk"],
                "indexes": [],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("event__isnull", False),
                                ("office__isnull", True),
                                ("pledge__isnull", True),
                                ("status_change__isnull", True),
                            ),
                            models.Q(
                                ("event__isnull", True),
                                ("office__isnull", True),
                                ("pledge__isnull", False),
                                ("status_change__isnull", True),
                            ),
                            models.Q(
                                ("event__isnull", True),
                                ("office__isnull", True),
                                ("pledge__isnull", True),
                                ("status_change__isnull", False),
                            ),
                            models.Q(
                                ("event__isnull", True),
                                ("office__isnull", False),
                                ("pledge__isnull", True),
                                ("status_change__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="citation_cites_exactly_one_fact",
                        violation_error_message="A citation supports exactly one fact.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("event__isnull", False)),
                        fields=("source", "event"),
                        name="citation_source_once_per_event",
                        violation_error_message="This source is already cited for it.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("pledge__isnull", False)),
                        fields=("source", "pledge"),
                        name="citation_source_once_per_pledge",
                        violation_error_message="This source is already cited for it.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("status_change__isnull", False)),
                        fields=("source", "status_change"),
                        name="citation_source_once_per_status_change",
                        violation_error_message="This source is already cited for it.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("office__isnull", False)),
                        fields=("source", "office"),
                        name="citation_source_once_per_office",
                        violation_error_message="This source is already cited for it.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="EventPair",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("low", models.CharField(help_text="The alphabetically first ISO code.", max_length=2)),
                ("high", models.CharField(help_text="The alphabetically second ISO code.", max_length=2)),
                (
                    "date_start",
                    models.DateField(help_text="A copy of the event's first possible day, for ordering."),
                ),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pairs",
                        to="relations.event",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        models.F("low"),
                        models.F("high"),
                        models.OrderBy(models.F("date_start"), descending=True),
                        models.OrderBy(models.F("event"), descending=True),
                        name="event_pair_timeline",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("event", "low", "high"), name="event_pair_once"),
                    models.CheckConstraint(
                        condition=models.Q(("low__lt", models.F("high"))), name="event_pair_low_before_high"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalEventKind",
            fields=[
                (
                    "slug",
                    models.SlugField(
                        help_text="How events, filters and the API name it, e.g. state_visit. Cannot be changed later.",
                        max_length=30,
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        db_index=True, help_text="As pages show it, e.g. state visit.", max_length=60
                    ),
                ),
                (
                    "tone",
                    models.CharField(
                        choices=[
                            ("cooperation", "cooperation"),
                            ("neutral", "neutral"),
                            ("conflict", "conflict"),
                        ],
                        help_text="Whether events of this kind are cooperation or conflict.",
                        max_length=12,
                    ),
                ),
                (
                    "plover_event",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("AGREE", "AGREE"),
                            ("CONSULT", "CONSULT"),
                            ("SUPPORT", "SUPPORT"),
                            ("CONCEDE", "CONCEDE"),
                            ("COOPERATE", "COOPERATE"),
                            ("AID", "AID"),
                            ("RETREAT", "RETREAT"),
                            ("REQUEST", "REQUEST"),
                            ("ACCUSE", "ACCUSE"),
                            ("REJECT", "REJECT"),
                            ("THREATEN", "THREATEN"),
                            ("PROTEST", "PROTEST"),
                            ("SANCTION", "SANCTION"),
                            ("MOBILIZE", "MOBILIZE"),
                            ("COERCE", "COERCE"),
                            ("ASSAULT", "ASSAULT"),
                        ],
                        max_length=10,
                        verbose_name="PLOVER event type",
                    ),
                ),
                (
                    "plover_mode",
                    models.CharField(
                        blank=True,
                        help_text="The event type's mode, e.g. visit for CONSULT.",
                        max_length=30,
                        verbose_name="PLOVER mode",
                    ),
                ),
                (
                    "cameo_code",
                    models.CharField(
                        blank=True,
                        help_text="The closest CAMEO event code, e.g. 042 (make a visit).",
                        max_length=4,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{2,4}$", "A CAMEO code is two to four digits, e.g. 042."
                            )
                        ],
                        verbose_name="CAMEO code",
                    ),
                ),
                ("description", models.TextField(blank=True, max_length=2000)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The kind it rolls up to in filters (state visit → visit); empty for a top-level kind.",
                        limit_choices_to={"parent__isnull": True},
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.eventkind",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical event kind",
                "verbose_name_plural": "historical event kinds",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCommissionName",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("official", "official"),
                            ("short", "short"),
                            ("former", "former"),
                            ("alternate", "alternate"),
                            ("transliteration", "transliteration"),
                            ("acronym", "acronym"),
                            ("demonym", "adjective (demonym)"),
                            ("native", "in its own language"),
                            ("iso", "ISO 3166 name"),
                        ],
                        default="alternate",
                        max_length=20,
                    ),
                ),
                (
                    "valid_from",
                    models.DateField(blank=True, help_text="When the name came into use.", null=True),
                ),
                (
                    "valid_until",
                    models.DateField(blank=True, help_text="When the name was dropped.", null=True),
                ),
                ("folded", models.CharField(db_index=True, editable=False, max_length=200)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "commission",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="relations.commission",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical commission name",
                "verbose_name_plural": "historical commission names",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [],
                "constraints": [],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="CommissionName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("official", "official"),
                            ("short", "short"),
                            ("former", "former"),
                            ("alternate", "alternate"),
                            ("transliteration", "transliteration"),
                            ("acronym", "acronym"),
                            ("demonym", "adjective (demonym)"),
                            ("native", "in its own language"),
                            ("iso", "ISO 3166 name"),
                        ],
                        default="alternate",
                        max_length=20,
                    ),
                ),
                (
                    "valid_from",
                    models.DateField(blank=True, help_text="When the name came into use.", null=True),
                ),
                (
                    "valid_until",
                    models.DateField(blank=True, help_text="When the name was dropped.", null=True),
                ),
                ("folded", models.CharField(db_index=True, editable=False, max_length=200)),
                (
                    "commission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="names",
                        to="relations.commission",
                    ),
                ),
            ],
            options={
                "ordering": ["commission", "kind", "name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("commission", "name"),
                        name="commission_name_unique",
                        violation_error_message="This commission already has this name.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("valid_until__gte", models.F("valid_from")),
                            ("valid_from__isnull", True),
                            ("valid_until__isnull", True),
                            _connector="OR",
                        ),
                        name="commission_name_valid_until_after_from",
                        violation_error_message="A name cannot stop being used before it started.",
                    ),
                ],
                "indexes": [],
            },
        ),
        migrations.AddField(
            model_name="event",
            name="countries",
            field=models.ManyToManyField(
                related_name="events", through="relations.EventCountry", to="relations.country"
            ),
        ),
        migrations.AddField(
            model_name="pledge",
            name="countries",
            field=models.ManyToManyField(
                related_name="pledges", through="relations.PledgeParty", to="relations.country"
            ),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
        migrations.RunPython(name_source_slug_as_before, migrations.RunPython.noop),
        migrations.RunPython(add_countries, migrations.RunPython.noop),
        migrations.RunPython(add_event_kinds, migrations.RunPython.noop),
        migrations.RunPython(create_editors, remove_editors),
    ]
