"""Shared kernel: domain errors, the clock, canonical JSON, text keys. Imports nothing of Adalat."""
