"""The sandbox TSA as a WSGI application (see the package docstring for the protocol)."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from asn1crypto import cms, core, tsp, x509
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

# Any OID will do for a sandbox; this one is under the arc of the demo (not a real policy).
SANDBOX_POLICY = "1.3.6.1.4.1.99999.3161.1"
MAX_REQUEST_BYTES = 64 * 1024
ACCEPTED_DIGESTS = {"sha256", "sha384", "sha512"}


class TimeStampAuthority:
    def __init__(self, certificate_file: Path, key_file: Path, chain_files: tuple[Path, ...] = ()):
        self.certificate = load_cert_from_pemder(str(certificate_file))
        chain = SimpleCertificateStore()
        chain.register_multiple(load_cert_from_pemder(str(p)) for p in chain_files)
        self.signer = SimpleSigner(
            signing_key=load_private_key_from_pemder(str(key_file), passphrase=None),
            signing_cert=self.certificate,
            cert_registry=chain,
        )
        self._lock = threading.Lock()

    def _reject(self, text: str, failure: str) -> tsp.TimeStampResp:
        return tsp.TimeStampResp(
            {
                "status": tsp.PKIStatusInfo(
                    {
                        "status": "rejection",
                        "status_string": [text],
                        "fail_info": tsp.PKIFailureInfo({failure}),
                    }
                )
            }
        )

    def respond(self, request_der: bytes) -> tsp.TimeStampResp:
        try:
            request = tsp.TimeStampReq.load(request_der)
            imprint = request["message_imprint"]
            algorithm = imprint["hash_algorithm"]["algorithm"].native
            request.native  # noqa: B018 - parse everything now: a malformed request is rejected
        except ValueError:
            return self._reject("malformed request", "bad_data_format")
        if algorithm not in ACCEPTED_DIGESTS:
            return self._reject(f"digest {algorithm} not accepted", "bad_alg")
        tst_info = {
            "version": "v1",
            "policy": request["req_policy"].native or SANDBOX_POLICY,
            "message_imprint": imprint,
            "serial_number": secrets.randbits(64),
            "gen_time": dt.datetime.now(dt.UTC),
            "accuracy": {"seconds": 1},
            "tsa": x509.GeneralName(name="directory_name", value=self.certificate.subject),
        }
        if request["nonce"].native is not None:
            tst_info["nonce"] = request["nonce"]
        content = cms.EncapsulatedContentInfo(
            {
                "content_type": "tst_info",
                "content": cms.ParsableOctetString(tsp.TSTInfo(tst_info).dump()),
            }
        )
        with self._lock:
            token = asyncio.run(
                self.signer.async_sign_general_data(
                    content, "sha256", detached=False, use_cades=True
                )
            )
        if not request["cert_req"].native:
            signed_data = token["content"]
            token = cms.ContentInfo(
                {
                    "content_type": "signed_data",
                    "content": cms.SignedData(
                        {
                            k: signed_data[k]
                            for k in signed_data
                            if k != "certificates" and not isinstance(signed_data[k], core.Void)
                        }
                    ),
                }
            )
        return tsp.TimeStampResp(
            {"status": tsp.PKIStatusInfo({"status": "granted"}), "time_stamp_token": token}
        )

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] != "POST":
            start_response("405 Method Not Allowed", [("Allow", "POST")])
            return [b""]
        if environ.get("CONTENT_TYPE", "").split(";")[0] != "application/timestamp-query":
            start_response("415 Unsupported Media Type", [("Content-Type", "text/plain")])
            return [b"expected application/timestamp-query"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > MAX_REQUEST_BYTES:
            start_response("413 Content Too Large", [("Content-Type", "text/plain")])
            return [b"request too large"]
        body = self.respond(environ["wsgi.input"].read(length)).dump()
        start_response(
            "200 OK",
            [("Content-Type", "application/timestamp-reply"), ("Content-Length", str(len(body)))],
        )
        return [body]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # the sandbox is chatty enough without access logs
        pass


def serve_in_thread(app, host: str = "127.0.0.1", port: int = 0) -> tuple[WSGIServer, str]:
    """Start ``app`` on a background thread; returns the server (``shutdown()`` it) and URL."""
    server = make_server(host, port, app, handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_port}/"


def from_demo_ca(directory: Path) -> TimeStampAuthority:
    return TimeStampAuthority(
        directory / "tsa.pem", directory / "tsa.key.pem", (directory / "root.pem",)
    )


__all__ = ["TimeStampAuthority", "from_demo_ca", "serve_in_thread"]
