"""``python -m motcua.sandbox.remote_signer [--port 8071] --token T [--demo-ca DIR]``.

The credentials' PKCS#12 passwords are read from the signing secrets file that the demo CA
wrote (``$MOTCUA_HOME/signing-secrets.json``, names ``demo-ca/remote/<credential>``).
"""

import argparse
import json
import os
from pathlib import Path
from wsgiref.simple_server import make_server

from motcua.sandbox.remote_signer.server import RemoteSigningSandbox
from motcua.sandbox.tsa.server import QuietHandler


def main() -> None:
    home = Path(os.environ.get("MOTCUA_HOME", "var"))
    parser = argparse.ArgumentParser(prog="python -m motcua.sandbox.remote_signer")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8071)
    parser.add_argument("--token", default=os.environ.get("MOTCUA_SANDBOX_REMOTE_SIGNER_TOKEN"))
    parser.add_argument("--demo-ca", type=Path, default=home / "demo-ca")
    parser.add_argument("--secrets-file", type=Path, default=home / "signing-secrets.json")
    parser.add_argument("--pending-polls", type=int, default=1)
    args = parser.parse_args()
    if not args.token:
        parser.error("--token (or MOTCUA_SANDBOX_REMOTE_SIGNER_TOKEN) is required")
    secrets = json.loads(args.secrets_file.read_text(encoding="utf-8"))
    app = RemoteSigningSandbox(
        args.demo_ca / "remote-signer",
        lambda credential: secrets[f"demo-ca/remote/{credential}"],
        args.token,
        pending_polls=args.pending_polls,
    )
    server = make_server(args.host, args.port, app, handler_class=QuietHandler)
    print(f"sandbox remote signer on http://{args.host}:{args.port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
