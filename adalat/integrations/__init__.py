"""Ports to systems outside Adalat: each a ``Protocol``, its adapters, and a local stand-in."""
