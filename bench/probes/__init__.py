"""The project measured from inside: scripts that `make bench` runs in a child process with the
project's environment for one database (``python -m bench.probes.<name> [args]``, from the
repository's root), since Django reads its settings once per process. Each prints one JSON line
(bench/costs.py reads it)."""
