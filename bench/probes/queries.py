"""Queries per request and their summed database time (EXPLAIN ANALYZE), for each URL given on the
command line, through the test client: ``{url: [queries, ms]}``.

Each URL is read once before it is measured, so that a stored answer (PAGE_CACHE_SECONDS on) is
measured as a reader after the first finds it."""

import json
import sys

import django


def main(urls: list[str]) -> None:
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    out = {}
    client = Client()
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        total = 0.0
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                sql = query["sql"]
                if sql.lstrip().upper().startswith("SELECT"):
                    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                    plan = cursor.fetchone()[0]
                    plan = json.loads(plan) if isinstance(plan, str) else plan
                    total += plan[0]["Execution Time"]
        out[url] = (len(captured.captured_queries), total)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
