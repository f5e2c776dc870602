"""The project read from inside: scripts that the benchmarks run in a child process with the
project's environment for one database (``python -m bench.probes.<name> [args]``, from the
repository's root), since Django reads its settings once per process. Each prints its answer as
one JSON line, the last of its output (read by bench/costs.py and bench/concurrent_writes.py)."""
