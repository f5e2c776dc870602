"""Event kinds become rows of a codebook table (PLOVER and CAMEO), with a tone and sub-kinds.

The nine kinds events had keep their slugs, so every event keeps its kind; the column ``kind``
becomes a foreign key to the new table. Any other value found in the column (written around
the form's choices) becomes a kind of its own rather than being lost.
"""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

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


def let_editors_manage_kinds(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make the new model's now.
    app_config = apps.get_app_config("relations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for editors in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label="relations", content_type__model="eventkind")
        )


def add_kinds_for_other_values(EventKind, Event) -> None:
    """Any kind stored outside the choices (written around the forms) becomes a kind of its own,
    named after its value, rather than being lost."""
    known = set(EventKind.objects.values_list("pk", flat=True))
    for slug in Event.objects.exclude(kind__in=known).values_list("kind", flat=True).distinct():
        EventKind.objects.create(slug=slug, name=slug.replace("_", " "), tone="neutral")


def seed_kinds(apps, schema_editor):
    EventKind = apps.get_model("relations", "EventKind")
    Event = apps.get_model("relations", "Event")
    names = {}
    for slug, name, parent, tone, plover_event, plover_mode, cameo_code, description in CODEBOOK:
        names[slug] = EventKind.objects.create(
            slug=slug,
            name=name,
            parent=names[parent] if parent else None,
            tone=tone,
            plover_event=plover_event,
            plover_mode=plover_mode,
            cameo_code=cameo_code,
            description=description,
        )
    add_kinds_for_other_values(EventKind, Event)
    # The rows above checked their parents at once: nothing is left pending for the
    # ALTER TABLE below (PostgreSQL refuses to alter a table with pending trigger events).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0018_source_published_precision"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
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
            },
        ),
        migrations.AddConstraint(
            model_name="eventkind",
            constraint=models.CheckConstraint(
                condition=models.Q(("parent", models.F("slug")), _negated=True),
                name="event_kind_not_own_parent",
                violation_error_message="A kind cannot be its own parent.",
            ),
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
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(seed_kinds, migrations.RunPython.noop),
        migrations.RunPython(let_editors_manage_kinds, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="event",
            name="kind",
            field=models.ForeignKey(
                db_column="kind",
                help_text="The most precise kind that fits: state visit rather than visit.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="relations.eventkind",
            ),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="kind",
            field=models.ForeignKey(
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
    ]
