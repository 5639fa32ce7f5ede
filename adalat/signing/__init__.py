"""Signing keys and certificates held by Adalat: the jurisdiction's authority (its root and its
time-stamping certificate), a certificate per signer, revocations, and the signing port built on
them (``store``). Private keys are kept encrypted (``sealing``)."""
