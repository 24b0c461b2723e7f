"""Normalisers for nas_reference.py: pycrate IE values in NAS5GS's JSON key layout."""
NORMALISERS = {}
