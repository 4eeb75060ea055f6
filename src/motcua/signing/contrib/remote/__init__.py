"""Remote signing services (SIM-PKI, cloud signing such as the CAs' "remote signing" offers):
the private key stays with the service; motcua sends only the digest of the document and gets
back a CMS signature. The exchange is the small HTTP protocol in ``protocol.py`` (documented in
``docs/signing.md``); an adapter for a vendor speaking another dialect subclasses
``RemoteSigningClient``. The sandbox twin is ``motcua.sandbox.remote_signer``.

Key location: ``{"url": "https://ky-so.example.vn/api", "credential_id": "0912345678"}``; the
profile's secret is the bearer token motcua presents to the service.
"""

from motcua.signing.contrib.remote.provider import RemoteSigningProvider

__all__ = ["RemoteSigningProvider"]
