"""The seed story: `python manage.py load_seed` loads the 16th JMC and the events around it."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from relations.dates import Precision
from relations.models import (
    Commission,
    Event,
    EventCountry,
    EventLink,
    Observation,
    Official,
    Participant,
    Pledge,
    PledgeParty,
    PledgeStatus,
    Source,
)
from relations.models.progress import Verdict
from relations.seed import seed_load, seed_story

pytestmark = pytest.mark.django_db


def load_seed() -> str:
    out = StringIO()
    call_command("load_seed", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows of every model in the relations app, history tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("relations").get_models()
    }


@pytest.fixture
def seeded() -> None:
    seed_load()


def jmc_16() -> Event:
    return Event.objects.get(commission__acronym="JMC", session_number=16)


def test_load_seed_command_summarises_the_story_in_one_line() -> None:
    first = load_seed()
    assert first.startswith("Seed story loaded: 7 events, 8 pledges, 5 officials, 2 commissions")
    assert "(0 new records)" not in first
    assert load_seed().strip().endswith("(0 new records).")


def test_second_run_changes_nothing() -> None:
    seed_load()
    before = row_counts()
    created = seed_load()
    assert row_counts() == before
    assert sum(created.values()) == 0


def test_first_run_reports_what_it_created() -> None:
    created = seed_load()
    assert created["events"] == 7
    assert created["pledges"] == 8
    assert created["officials"] == 5


def test_16th_jmc_was_held_in_islamabad_on_8_and_9_september_2025(seeded) -> None:
    jmc = jmc_16()
    assert jmc.kind_id == Event.Kind.COMMISSION_SESSION
    assert jmc.status == Event.Status.HELD
    assert (jmc.date_start, jmc.date_end) == (dt.date(2025, 9, 8), dt.date(2025, 9, 9))
    assert jmc.date.precision == Precision.DAY
    assert jmc.date.display() == "8–9 September 2025"
    assert jmc.date.edtf() == "2025-09-08/2025-09-09"
    assert (jmc.place, jmc.place_country_id) == ("Islamabad", "PK")


def test_16th_jmc_was_co_chaired_by_jam_kamal_khan_and_yasar_guler(seeded) -> None:
    co_chairs = jmc_16().participants.filter(role=Participant.Role.CO_CHAIR)
    assert {(p.official.name, p.side_id) for p in co_chairs} == {
        ("Jam Kamal Khan", "PK"),
        ("Yaşar Güler", "TR"),
    }


def test_16th_jmc_was_hosted_by_pakistan_during_gulers_visit(seeded) -> None:
    jmc = jmc_16()
    roles = dict(jmc.event_countries.values_list("country_id", "role"))
    assert roles == {"PK": EventCountry.Role.HOST, "TR": EventCountry.Role.VISITOR}
    assert jmc.parent.title == "Yaşar Güler's official visit to Pakistan"
    assert jmc.parent.date.display() == "8–10 September 2025"


def test_jmc_was_founded_in_1975(seeded) -> None:
    jmc = Commission.objects.get(acronym="JMC")
    assert jmc.kind == Commission.Kind.JOINT_MINISTERIAL
    assert jmc.founded.precision == Precision.YEAR
    assert jmc.founded.display() == "1975"
    assert set(jmc.members.values_list("code", flat=True)) == {"PK", "TR"}


def test_july_visit_is_the_single_day_9_july_2025(seeded) -> None:
    visit = Event.objects.get(slug="2025-fidan-guler-visit-to-pakistan")
    assert (visit.date_start, visit.date_end) == (dt.date(2025, 7, 9), dt.date(2025, 7, 9))
    assert visit.date.precision == Precision.DAY
    assert visit.links_out.get(kind=EventLink.Kind.CONTEXT).to_event == jmc_16()


def test_joint_commission_is_a_different_body_that_first_met_in_july(seeded) -> None:
    first = Event.objects.get(commission__slug="pakistan-turkiye-joint-commission", session_number=1)
    assert first.commission.kind == Commission.Kind.JOINT
    assert first.date.display() == "9 July 2025"
    assert set(first.participants.values_list("official__slug", flat=True)) == {"ishaq-dar", "hakan-fidan"}


def test_may_conflict_lasted_from_7_to_10_may_2025(seeded) -> None:
    conflict = Event.objects.get(kind=Event.Kind.CONFLICT)
    assert (conflict.date_start, conflict.date_end) == (dt.date(2025, 5, 7), dt.date(2025, 5, 10))
    assert conflict.date.precision == Precision.DAY
    assert set(conflict.event_countries.values_list("country_id", "role")) == {
        ("IN", EventCountry.Role.PARTY),
        ("PK", EventCountry.Role.PARTY),
    }


def test_turkiyes_support_is_known_only_to_the_month_and_answers_the_conflict(seeded) -> None:
    support = Event.objects.get(slug="2025-turkiye-support-for-pakistan")
    assert support.date.precision == Precision.MONTH
    assert support.date.display() == "May 2025"
    assert support.event_countries.get(country_id="TR").role == EventCountry.Role.SUPPORTER
    response = support.links_out.get(kind=EventLink.Kind.RESPONSE)
    assert response.to_event.kind_id == Event.Kind.CONFLICT


def test_seven_pledges_were_made_at_the_16th_jmc_and_the_trade_goal_reaffirmed(seeded) -> None:
    assert jmc_16().pledges.count() == 7
    assert Pledge.objects.count() == 8
    reaffirmed = jmc_16().reaffirmed_pledges.get().pledge
    assert reaffirmed.target_amount == Decimal("5000000000")
    assert str(reaffirmed.event.date) == "March 2024"


def test_trade_target_is_five_billion_dollars_with_a_2024_baseline(seeded) -> None:
    trade = Pledge.objects.get(target_amount__isnull=False)
    assert trade.target_amount == Decimal("5000000000")
    assert trade.target_currency == "USD"
    assert trade.target_measure == "annual bilateral trade"
    assert trade.baseline_amount == Decimal("1400000000")
    assert trade.baseline_note == "bilateral trade in 2024, Turkish state media"
    assert trade.due is None


def test_trade_target_was_announced_as_early_as_march_2024(seeded) -> None:
    trade = Pledge.objects.get(target_amount__isnull=False)
    first = trade.status_changes.get()
    assert first.status == PledgeStatus.ANNOUNCED
    assert first.as_of.display() == "March 2024"
    assert first.citations.get().source.publisher == "UrduPoint"


def test_every_pledge_is_announced_after_the_talks(seeded) -> None:
    after_the_talks = dt.date(2025, 9, 10)
    assert {p.status_on(after_the_talks) for p in Pledge.objects.all()} == {PledgeStatus.ANNOUNCED}


def test_pakistan_pledges_to_facilitate_turkish_investors(seeded) -> None:
    pledge = Pledge.objects.get(sectors__slug="special-economic-zones")
    assert dict(pledge.parties.values_list("country_id", "role")) == {
        "PK": PledgeParty.Role.PLEDGER,
        "TR": PledgeParty.Role.BENEFICIARY,
    }


def test_every_event_and_pledge_cites_a_source(seeded) -> None:
    assert not Event.objects.filter(citations__isnull=True).exists()
    assert not Pledge.objects.filter(citations__isnull=True).exists()
    assert not Pledge.objects.filter(status_changes__citations__isnull=True).exists()


def test_yasar_guler_is_found_without_diacritics(seeded) -> None:
    assert list(Official.objects.matching("yasar guler")) == [Official.objects.get(slug="yasar-guler")]


def test_hakan_fidan_led_the_intelligence_service_before_foreign_affairs(seeded) -> None:
    fidan = Official.objects.get(slug="hakan-fidan")
    assert [o.title for o in fidan.offices.serving(on=dt.date(2020, 1, 1))] == [
        "Head of the National Intelligence Organization"
    ]
    assert [o.title for o in fidan.offices.serving(on=dt.date(2025, 9, 9))] == ["Minister of Foreign Affairs"]


def test_an_editors_correction_survives_the_next_load() -> None:
    seed_load()
    event = jmc_16()
    event.summary = "Corrected by an editor."
    event.save()
    event.sectors.clear()

    load_seed()

    assert jmc_16().summary == "Corrected by an editor."
    assert not jmc_16().sectors.exists()


def test_a_corrected_story_overwrites_records_in_place_when_asked(tmp_path) -> None:
    seed_load()
    story = seed_story()
    story["events"][-1]["summary"] = "Corrected summary."
    corrected = tmp_path / "story.json"
    corrected.write_text(json.dumps(story), encoding="utf-8")
    before = row_counts()
    versions = jmc_16().history.count()

    assert seed_load(path=corrected) == seed_load()  # nothing new, nothing rewritten
    assert jmc_16().summary != "Corrected summary."

    created = seed_load(path=corrected, overwrite=True)

    assert sum(created.values()) == 0
    assert jmc_16().summary == "Corrected summary."
    assert Event.objects.count() == before["relations.Event"]
    assert jmc_16().history.count() == versions + 1


# Sources ---------------------------------------------------------------------------------------

SEED_PUBLISHERS = {
    "Publisher unknown",  # the seed article: its file does not say
    "Arab News",
    "Associated Press of Pakistan",
    "UrduPoint",
    "Hürriyet Daily News",
    "TRT World",
    "Business Recorder",
    "Pakistan Today",
    "DNA News",
    "Business Standard",
    "Turkish state media (outlet not recorded)",
}


def placeholders() -> list[str]:
    """Sources that still hold a stand-in: a title in [brackets] or a made-up publisher."""
    return [
        str(source)
        for source in Source.objects.all()
        if "[" in source.title or "]" in source.title or source.publisher == "News report (seed article)"
    ]


def test_every_seed_source_names_its_real_publisher_and_no_placeholder(seeded) -> None:
    assert set(Source.objects.values_list("publisher", flat=True)) == SEED_PUBLISHERS
    assert placeholders() == []


def test_the_seed_article_says_plainly_that_its_publisher_is_unknown(seeded) -> None:
    article = Source.objects.get(slug="seed-article")
    assert (
        article.title
        == "Pakistan, Turkiye agree on closer cooperation in defense, energy, AI at ministerial talks"
    )
    assert (article.publisher, article.url) == ("Publisher unknown", "")
    assert article.published_on.display() == "9 September 2025"


def test_sources_carry_only_the_addresses_and_dates_facts_md_gives(seeded) -> None:
    dated = {
        source.slug: (source.publisher, source.url, source.published_on and source.published_on.display())
        for source in Source.objects.exclude(slug="seed-article")
    }
    assert dated == {
        "arab-news-2025-09-09-jmc": (
            "Arab News",
            "https://www.arabnews.com/node/2614698",
            "9 September 2025",
        ),
        "app-2025-09-09-jmc": ("Associated Press of Pakistan", "", "9 September 2025"),
        "urdupoint-2025-09-10-guler-visit": ("UrduPoint", "", "10 September 2025"),
        "urdupoint-trade-goal": ("UrduPoint", "", "March 2024"),
        "hurriyet-2025-07-fidan-guler-visit": ("Hürriyet Daily News", "", None),
        "trt-world-2025-07-fidan-guler-visit": ("TRT World", "", None),
        "business-recorder-2025-07-10-fidan-guler-visit": ("Business Recorder", "", "10 July 2025"),
        "pakistan-today-joint-commission-1": ("Pakistan Today", "", None),
        "dna-news-2025-07-09-joint-commission-1": ("DNA News", "", "9 July 2025"),
        "business-standard-india-pakistan-timeline": ("Business Standard", "", None),
        "trt-world-2025-05-india-pakistan-conflict": ("TRT World", "", None),
        "turkish-state-media-2024-trade": ("Turkish state media (outlet not recorded)", "", None),
    }
    assert Source.objects.get(slug="urdupoint-trade-goal").published_on.precision == Precision.MONTH


def test_the_trade_baseline_cites_turkish_state_media(seeded) -> None:
    trade = Pledge.objects.get(target_amount__isnull=False)
    assert "Turkish state media (outlet not recorded)" in trade.citations.values_list(
        "source__publisher", flat=True
    )


def test_the_trade_pledge_records_2024_trade_cited_to_turkish_state_media() -> None:
    seed_load()
    trade = Pledge.objects.get(target_amount__isnull=False)
    observation = trade.observations.get()
    assert (observation.period_text, observation.value, observation.currency) == (
        "2024",
        Decimal("1.4e9"),
        "USD",
    )
    assert observation.value_text == "US$1.4 billion"
    assert observation.source.publisher == "Turkish state media (outlet not recorded)"
    assert observation.note.startswith("Bilateral trade in 2024")
    assert observation.history.count() == 1
    # Its progress, derived: no way covered from the 2024 baseline, and the figure is old today.
    assert (trade.progress_start, trade.observed_value, trade.progress_share) == (
        Decimal("1.4e9"),
        Decimal("1.4e9"),
        Decimal("0"),
    )
    assert trade.verdict(on=dt.date(2025, 6, 1)) == Verdict.BEHIND
    assert trade.verdict(on=dt.date(2026, 12, 4)) == Verdict.NO_RECENT_DATA
    before = row_counts()
    assert seed_load().get("observations", 0) == 0
    assert row_counts() == before
    assert list(Observation.objects.values_list("pk", "value")) == [(observation.pk, observation.value)]


def edit_source(slug: str, **values) -> None:
    source = Source.objects.get(slug=slug)
    for name, value in values.items():
        setattr(source, name, value)
    source.save()


def test_a_database_loaded_with_the_old_placeholders_gets_the_real_sources() -> None:
    seed_load()
    # As the seed of earlier versions left them: a stand-in publisher, titles in [brackets].
    edit_source("seed-article", publisher="News report (seed article)")
    edit_source(
        "trt-world-2025-05-india-pakistan-conflict",
        title="[Report on the India–Pakistan conflict of May 2025]",
        published_on="2025-05",
    )
    edit_source(
        "app-2025-09-09-jmc",
        title="[Report on the 16th session of the Pakistan–Türkiye Joint Ministerial Commission]",
    )
    # …and one an editor has since corrected by hand, which stays as the editor left it.
    edit_source("urdupoint-trade-goal", title="Pakistan, Turkey aim for $5bn trade")
    assert len(placeholders()) == 3
    before = row_counts()

    load_seed()

    assert placeholders() == []
    assert Source.objects.get(slug="seed-article").publisher == "Publisher unknown"
    conflict = Source.objects.get(slug="trt-world-2025-05-india-pakistan-conflict")
    assert (conflict.title, conflict.published_on) == (
        "Report on the India–Pakistan conflict of 7–10 May 2025",
        None,
    )
    assert Source.objects.get(slug="urdupoint-trade-goal").title == "Pakistan, Turkey aim for $5bn trade"
    after = row_counts()
    # The sources were updated in place: a history entry each, and no new row anywhere else.
    assert after.pop("relations.HistoricalSource") == before.pop("relations.HistoricalSource") + 3
    assert after == before

    again = row_counts()
    assert sum(seed_load().values()) == 0
    assert row_counts() == again  # idempotent: nothing changes the second time
