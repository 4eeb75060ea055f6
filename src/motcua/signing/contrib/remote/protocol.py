"""The client side of motcua's remote-signing protocol (version 1), JSON over HTTPS.

::

    GET  {url}/v1/credentials/{credential_id}
         → 200 {"credential_id": "...", "certificate": "<base64 DER>", "chain": ["<base64 DER>"]}
    POST {url}/v1/signatures
         {"credential_id": "...", "digest_algorithm": "sha256",
          "document_digest": "<base64>", "document_name": "...", "reason": "..."}
         → 201 {"transaction_id": "...", "status": "pending" | "completed" | "rejected" | "expired",
                "cms": "<base64 DER, when completed>", "message": "<why, when rejected>"}
    GET  {url}/v1/signatures/{transaction_id}
         → 200 the same object as above

Every request carries ``Authorization: Bearer <token>``. ``pending`` means the holder has not yet
confirmed (on the phone, for SIM-PKI); the client polls until ``completed`` or its deadline.
The CMS is a detached SignedData whose signed attributes are the PAdES baseline ones
(content-type, message-digest equal to ``document_digest``, signing-certificate-v2, and no
signing-time) signed by the credential's key. Errors: 401 bad token, 404 unknown credential or
transaction, 400 malformed request, each with ``{"error": "..."}``.

This module speaks HTTP only: it must never hold a private key.
"""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from asn1crypto import x509 as asn1_x509


class RemoteSigningError(Exception):
    pass


@dataclass(frozen=True)
class RemoteCredential:
    credential_id: str
    certificate: asn1_x509.Certificate
    chain: tuple[asn1_x509.Certificate, ...]


class RemoteSigningClient:
    def __init__(
        self,
        url: str,
        token: str,
        *,
        timeout: float = 10.0,
        confirm_timeout: float = 120.0,
        poll_interval: float = 2.0,
    ):
        if not url.startswith(("https://", "http://")):
            raise RemoteSigningError(f"remote signer URL must be http(s): {url!r}")
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.confirm_timeout = confirm_timeout
        self.poll_interval = poll_interval

    def _request(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Accept": "application/json",
                **({"Content-Type": "application/json"} if body is not None else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            try:
                detail = json.loads(error.read()).get("error", "")
            except ValueError:
                detail = ""
            raise RemoteSigningError(f"HTTP {error.code} {detail}".strip()) from None
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise RemoteSigningError(f"remote signer unreachable: {error}") from None

    def credential(self, credential_id: str) -> RemoteCredential:
        data = self._request("GET", f"/v1/credentials/{credential_id}")
        return RemoteCredential(
            credential_id=credential_id,
            certificate=asn1_x509.Certificate.load(base64.b64decode(data["certificate"])),
            chain=tuple(
                asn1_x509.Certificate.load(base64.b64decode(c)) for c in data.get("chain", [])
            ),
        )

    def sign_digest(
        self,
        credential_id: str,
        digest_algorithm: str,
        document_digest: bytes,
        *,
        document_name: str = "",
        reason: str = "",
    ) -> bytes:
        """Ask for a signature and wait for the holder's confirmation; the CMS's DER bytes."""
        data = self._request(
            "POST",
            "/v1/signatures",
            {
                "credential_id": credential_id,
                "digest_algorithm": digest_algorithm,
                "document_digest": base64.b64encode(document_digest).decode(),
                "document_name": document_name,
                "reason": reason,
            },
        )
        deadline = time.monotonic() + self.confirm_timeout
        while data.get("status") == "pending":
            if time.monotonic() > deadline:
                raise RemoteSigningError("the holder did not confirm the signature in time")
            # The holder confirms on another device: waiting between polls is the protocol.
            time.sleep(self.poll_interval)
            data = self._request("GET", f"/v1/signatures/{data['transaction_id']}")
        if data.get("status") != "completed":
            raise RemoteSigningError(
                f"signature {data.get('status', 'failed')}: {data.get('message', '')}".strip()
            )
        return base64.b64decode(data["cms"])
