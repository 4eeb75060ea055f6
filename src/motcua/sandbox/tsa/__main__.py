"""``python -m motcua.sandbox.tsa [--port 8070] [--demo-ca DIR]``: serve the sandbox TSA."""

import argparse
import os
from pathlib import Path

from motcua.sandbox.tsa.server import QuietHandler, from_demo_ca


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m motcua.sandbox.tsa")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8070)
    parser.add_argument(
        "--demo-ca",
        type=Path,
        default=Path(os.environ.get("MOTCUA_HOME", "var")) / "demo-ca",
        help="the demo CA folder made by `motcua demo-ca`",
    )
    args = parser.parse_args()
    from wsgiref.simple_server import make_server

    server = make_server(
        args.host, args.port, from_demo_ca(args.demo_ca), handler_class=QuietHandler
    )
    print(f"sandbox TSA on http://{args.host}:{args.port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
