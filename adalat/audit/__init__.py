"""The tamper-evident, append-only log of every change and of every read of a restricted record.

Each entry holds the SHA-256 of the entry before it and of its own canonical content, so
that anyone holding the log can check that nothing was changed, removed or reordered."""
