"""``manage.py generate_demo --events N [--seed S] [--quiet]``: synthetic but realistic data on
top of the real country list, for demos and benchmarks. The data and how it is written are in
`relations.demo` (`generate`, `writers`); this reads the arguments and checks them."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from relations.demo.generate import generate
from relations.models import Country, Event


class Command(BaseCommand):
    help = "Add N synthetic events (with officials, commissions, pledges) for demos and benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, required=True, help="How many events to add.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed, the same data.")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, events: int, seed: int, quiet: bool, **options):
        if events < 1:
            raise CommandError("--events must be at least 1.")
        if Event.objects.filter(slug__startswith=f"demo-{seed}-").exists():
            raise CommandError(f"Demo data for seed {seed} is already loaded; use another --seed.")
        codes = list(Country.objects.order_by("code").values_list("code", flat=True))
        if len(codes) < 3:
            raise CommandError("Load the country list first (python manage.py migrate).")
        generate(events, seed, codes, quiet=quiet)
        self.stdout.write(self.style.SUCCESS(f"Added {events} demo events (seed {seed})."))
