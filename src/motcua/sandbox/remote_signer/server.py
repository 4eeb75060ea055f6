"""The sandbox remote-signing service as a WSGI application."""

from __future__ import annotations

import asyncio
import base64
import hmac
import json
import re
import secrets
import threading
from collections.abc import Callable
from pathlib import Path

from pyhanko.sign.signers import SimpleSigner

MAX_REQUEST_BYTES = 64 * 1024
DIGEST_SIZES = {"sha256": 32, "sha384": 48, "sha512": 64}


class RemoteSigningSandbox:
    def __init__(
        self,
        credentials_dir: Path,
        password_for: Callable[[str], str],
        token: str,
        *,
        pending_polls: int = 0,
    ):
        self.credentials_dir = credentials_dir
        self.password_for = password_for
        self.token = token
        self.pending_polls = pending_polls
        self.transactions: dict[str, dict] = {}
        self._lock = threading.Lock()

    # --- helpers ---------------------------------------------------------------------------

    def _signer(self, credential_id: str) -> SimpleSigner | None:
        if not re.fullmatch(r"[A-Za-z0-9._-]{1,100}", credential_id):
            return None
        path = self.credentials_dir / f"{credential_id}.p12"
        if not path.is_file():
            return None
        return SimpleSigner.load_pkcs12_data(
            path.read_bytes(), other_certs=(), passphrase=self.password_for(credential_id).encode()
        )

    @staticmethod
    def _json(start_response, status: str, body: dict):
        data = json.dumps(body).encode()
        start_response(
            status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
        )
        return [data]

    def _public(self, transaction: dict) -> dict:
        return {k: v for k, v in transaction.items() if not k.startswith("_")}

    # --- endpoints -------------------------------------------------------------------------

    def credential(self, credential_id: str, start_response):
        signer = self._signer(credential_id)
        if signer is None:
            return self._json(start_response, "404 Not Found", {"error": "unknown credential"})
        chain = [c for c in signer.cert_registry if c != signer.signing_cert]
        return self._json(
            start_response,
            "200 OK",
            {
                "credential_id": credential_id,
                "certificate": base64.b64encode(signer.signing_cert.dump()).decode(),
                "chain": [base64.b64encode(c.dump()).decode() for c in chain],
            },
        )

    def create_signature(self, body: dict, start_response):
        try:
            credential_id = str(body["credential_id"])
            algorithm = str(body["digest_algorithm"])
            digest = base64.b64decode(body["document_digest"], validate=True)
        except (KeyError, TypeError, ValueError):
            return self._json(start_response, "400 Bad Request", {"error": "malformed request"})
        if DIGEST_SIZES.get(algorithm) != len(digest):
            return self._json(start_response, "400 Bad Request", {"error": "bad digest"})
        signer = self._signer(credential_id)
        if signer is None:
            return self._json(start_response, "404 Not Found", {"error": "unknown credential"})
        content_info = asyncio.run(signer.async_sign(digest, algorithm, use_pades=True))
        transaction = {
            "transaction_id": secrets.token_hex(12),
            "status": "pending" if self.pending_polls else "completed",
            "_cms": base64.b64encode(content_info.dump()).decode(),
            "_polls_left": self.pending_polls,
        }
        if not self.pending_polls:
            transaction["cms"] = transaction["_cms"]
        with self._lock:
            self.transactions[transaction["transaction_id"]] = transaction
        return self._json(start_response, "201 Created", self._public(transaction))

    def poll(self, transaction_id: str, start_response):
        with self._lock:
            transaction = self.transactions.get(transaction_id)
            if transaction is None:
                return self._json(start_response, "404 Not Found", {"error": "unknown transaction"})
            if transaction["status"] == "pending":
                transaction["_polls_left"] -= 1
                if transaction["_polls_left"] <= 0:
                    transaction["status"] = "completed"
                    transaction["cms"] = transaction["_cms"]
            return self._json(start_response, "200 OK", self._public(transaction))

    def __call__(self, environ, start_response):
        expected = f"Bearer {self.token}"
        if not hmac.compare_digest(environ.get("HTTP_AUTHORIZATION", ""), expected):
            return self._json(start_response, "401 Unauthorized", {"error": "bad token"})
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        if method == "GET" and (m := re.fullmatch(r"/v1/credentials/([^/]+)", path)):
            return self.credential(m.group(1), start_response)
        if method == "GET" and (m := re.fullmatch(r"/v1/signatures/([^/]+)", path)):
            return self.poll(m.group(1), start_response)
        if method == "POST" and path == "/v1/signatures":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            if length > MAX_REQUEST_BYTES:
                return self._json(start_response, "413 Content Too Large", {"error": "too large"})
            try:
                body = json.loads(environ["wsgi.input"].read(length))
            except ValueError:
                return self._json(start_response, "400 Bad Request", {"error": "not JSON"})
            if not isinstance(body, dict):
                return self._json(start_response, "400 Bad Request", {"error": "not an object"})
            return self.create_signature(body, start_response)
        return self._json(start_response, "404 Not Found", {"error": "no such endpoint"})
