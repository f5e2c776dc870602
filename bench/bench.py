"""`make bench`: the tracker against its raw floor, Datasette and PostgreSQL's COPY, in one run.

    .venv/bin/python bench/bench.py --events 1000000 [--seed 1] [--duration 10] [--page-duration 3]
        [--csv-cap 120]

Builds (or reuses) PostgreSQL databases ``tracker_bench_<n>`` of n demo events (10k, 100k and
--events) with ``generate_demo``, an SQLite copy of the --events and 100k ones in bench/data/ for
Datasette, serves the project as in production (waitress, tracker/serve.py) and Datasette on
127.0.0.1, loads them with wrk (installed from Debian if missing) for --duration seconds per
measurement of a pair and for --page-duration seconds for every other page and list (read
anonymously with stored answers on and off, and by an editor signed in for the run), prints one
table and writes it to bench/RESULTS.md. Every process it starts is stopped before it exits, and
the editor is removed.

Why wrk: a C load generator needs a few percent of one core, so on this 2-core machine the
servers get the CPU; a Python client would take a core itself and measure its own speed.

The parts, one module each in this folder:

    run.py        the measurements, in order
    config.py     paths, ports, the pair query both servers answer, the project's environment
    databases.py  the measured data: PostgreSQL databases, their SQLite copies, the pairs
    servers.py    the project and Datasette under wrk; CSV downloads with the server's memory
    floor.py      the raw floor and the export's COPY, without HTTP or Django
    costs.py      queries and page times read inside the project, by the scripts in probes/
    report.py     the table, its targets, and the measured block of RESULTS.md
"""

import sys
from pathlib import Path

if __name__ == "__main__":
    # Run by path, this folder comes first on sys.path; the repository's root instead makes
    # ``bench`` this folder as a package (bench.run, bench.config, ...), as the probes see it.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    from bench.run import main

    main()
