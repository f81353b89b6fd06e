"""Aggregates added after the store's first protocols: each file holds one aggregate's
Protocol and the ``Store`` facade mixin that forwards to it."""
