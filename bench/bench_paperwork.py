"""Slips rendered per second and signatures per second, on one core (issue 7).

    MOTCUA_HOME=var/bench .venv/bin/python bench/bench_paperwork.py [--slips 40] [--signatures 40]

Renders the sample receipt (form 01, A5, WeasyPrint with the bundled Tinos) and seals a rendered
receipt with a demo organisation certificate (pyHanko, PAdES B-B: no time-stamp authority, so
the figure is the signing cost itself). Uses its own database and demo CA under MOTCUA_HOME.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--slips", type=int, default=40)
    parser.add_argument("--signatures", type=int, default=40)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("MOTCUA_DB_NAME", "motcua_bench_paperwork")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from motcua.demo.loader import load_demo
    from motcua.paperwork import samples
    from motcua.paperwork.rendering import render_slip

    settings.MOTCUA_SIGNING_TSA_URL = ""  # B-B: measure signing, not a network round trip
    load_demo()
    from motcua.catalog.models import Agency
    from motcua.signing.services import seal_pdf

    agency = Agency.objects.get(identifier="000.00.07.H49")
    slip = samples.receipt()
    render_slip(slip)  # warm up fonts and templates
    started = time.perf_counter()
    for _ in range(args.slips):
        pdf = render_slip(slip)
    render_seconds = time.perf_counter() - started

    seal_pdf(pdf, agency)  # warm up keys and fonts
    started = time.perf_counter()
    for _ in range(args.signatures):
        seal_pdf(pdf, agency, reference="bench")
    sign_seconds = time.perf_counter() - started

    print(
        f"machine: Python {platform.python_version()} on {platform.platform()}, "
        f"{os.cpu_count()} logical CPUs; one core used"
    )
    print(
        f"slips (form 01, A5):        {args.slips / render_seconds:6.1f} per second "
        f"({render_seconds / args.slips * 1000:.0f} ms each)"
    )
    print(
        f"signatures (seal, PAdES):   {args.signatures / sign_seconds:6.1f} per second "
        f"({sign_seconds / args.signatures * 1000:.0f} ms each)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
