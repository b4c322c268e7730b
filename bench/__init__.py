"""Benchmarks for publish: run with `python -m bench` (see README, "Performance")."""
