"""Aggregates added after the first store split, one module each: the protocol a backend
implements and the ``Store`` mixin that forwards to it, side by side, so a feature's storage
contract is one file (``interface.py`` holds the first aggregates)."""
