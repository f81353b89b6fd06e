"""Aggregates added after ``interface.py`` was full: each file holds one aggregate's protocol,
its rows and the ``Store`` mixin that forwards to it."""
