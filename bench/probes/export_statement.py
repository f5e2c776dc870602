"""The COPY statement behind the project's unfiltered ``/api/events/?format=csv``, with its
parameters filled in, as JSON."""

import json

import django


def main() -> None:
    django.setup()
    from django.db import connection

    from relations.api.csv import copy_statement
    from relations.api.views import EventViewSet

    queryset = EventViewSet.queryset.order_by(*EventViewSet.ordering)
    statement, params = copy_statement(queryset, EventViewSet.csv_sql_columns, whole=True)
    with connection.cursor() as cursor:
        print(json.dumps(cursor.mogrify(statement, params)))


if __name__ == "__main__":
    main()
