"""Jurisdiction packs: the law of one legal system as data (case kinds, workflow, deadlines,
calendar, numbering, languages), validated when loaded. ``demo/`` is the default pack."""
