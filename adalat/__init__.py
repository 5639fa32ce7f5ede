"""Adalat: an open, national-scale e-justice platform."""
