"""What the stored event records cost (relations/records.py, relations/rows.py), on the database of
``DATABASE_URL``: ``python -m bench.probes.stored_records [N]``.

Prints one JSON object: how many events have each part stored, the table's size on disk and the
average size of each part, and the CPU to render N events' API records and row heads (2,000 by
default, the newest: what `rebuild_derived` does per batch, and what a first read after a write
does per changed event). Renders only: nothing is written."""

import json
import sys
import time

import django


def main() -> None:
    django.setup()
    from django.db import connection
    from django.db.models import Avg, Count, Q
    from django.db.models.functions import Length

    from relations import records, rows
    from relations.models import Event, EventRecord

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    stored = EventRecord.objects.aggregate(
        records=Count("pk"),
        api=Count("pk", filter=~Q(api_json="")),
        rows=Count("pk", filter=~Q(row_html="")),
        api_chars=Avg(Length("api_json"), filter=~Q(api_json="")),
        row_chars=Avg(Length("row_html"), filter=~Q(row_html="")),
    )
    size = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size(%s)", [EventRecord._meta.db_table])
            size = cursor.fetchone()[0]
    ids = list(Event.objects.newest_first().values_list("pk", flat=True)[:n])

    started = time.process_time()
    listed = list(Event.objects.for_list().filter(pk__in=ids))
    heads = [rows.render_head(event) for event in listed]
    row_ms = (time.process_time() - started) * 1000 / len(ids)

    started = time.process_time()
    api = list(records.render(records.exported(ids)))
    api_ms = (time.process_time() - started) * 1000 / len(ids)

    print(
        json.dumps(
            {
                "events": Event.objects.count(),
                **stored,
                "table_bytes": size,
                "bytes_per_record": size / stored["records"] if size and stored["records"] else None,
                "rendered": len(ids),
                "head_ms_each": round(row_ms, 3),
                "api_ms_each": round(api_ms, 3),
                "head_bytes_rendered": sum(len(h.encode()) for h in heads) / len(heads),
                "api_bytes_rendered": sum(len(text.encode()) for _, text in api) / len(api),
            },
            default=float,
        )
    )


if __name__ == "__main__":
    main()
