"""The electronic case file: cases of every kind and stage, parties and participants, the
append-only event timeline, procedural deadlines and the workflow the jurisdiction pack declares."""
