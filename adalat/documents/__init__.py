"""Documents of a case: uploaded files stored by their SHA-256, immutable, in versions,
checked for size and type from their content, downloaded only through the access policy."""
