"""The signing port: sign a PDF (PAdES) or any file (detached CMS) for a person, time-stamp it
(RFC 3161), and verify signatures with the three outcomes of ETSI EN 319 102-1.

``port`` holds the ``Protocol`` and the values it speaks in; ``pki`` makes the certificates and
revocation lists of an authority; ``inprocess`` is the adapter that signs with keys held by
Adalat itself (the jurisdiction's own CA and time-stamping authority). A national e-ID signer,
whose keys never leave the signer's device, is another adapter of the same port.
"""
