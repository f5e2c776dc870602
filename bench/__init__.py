"""The benchmarks, run by path (`bench/bench.py` is `make bench`; see its docstring for the parts)."""
