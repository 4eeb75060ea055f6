"""What this deployment trusts when it validates signatures: root certificates and revocation
data, from ``settings.MOTCUA_SIGNING_TRUSTED_ROOTS`` and ``settings.MOTCUA_SIGNING_CRLS`` (files or
folders of PEM/DER files), and whether validators may fetch CRLs and OCSP responses online
(``settings.MOTCUA_SIGNING_FETCH_REVOCATION``).

Production lists the national root (NEAC's Vietnam National Root CA) and the roots of the licensed
public CAs it wants to accept; the demo trusts the demo root. A missing file is logged and skipped
so a demo that has not made its CA yet still starts. This module reads files only: it must never
add a root on its own.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger(__name__)

CERTIFICATE_SUFFIXES = {".pem", ".crt", ".cer", ".der"}
CRL_SUFFIXES = {".crl", ".pem", ".der"}


def _files(locations: Iterable[str | Path], suffixes: set[str]) -> list[Path]:
    found = []
    for location in locations:
        path = Path(location)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in suffixes))
        elif path.is_file():
            found.append(path)
        else:
            logger.warning("signing: %s does not exist; skipped", path)
    return found


def _der_blocks(data: bytes) -> list[bytes]:
    if pem.detect(data):
        return [der for _, _, der in pem.unarmor(data, multiple=True)]
    return [data]


def trusted_roots() -> list[asn1_x509.Certificate]:
    roots = []
    for path in _files(settings.MOTCUA_SIGNING_TRUSTED_ROOTS, CERTIFICATE_SUFFIXES):
        roots.extend(asn1_x509.Certificate.load(der) for der in _der_blocks(path.read_bytes()))
    return roots


def revocation_lists() -> list[asn1_crl.CertificateList]:
    lists = []
    for path in _files(settings.MOTCUA_SIGNING_CRLS, CRL_SUFFIXES):
        lists.extend(asn1_crl.CertificateList.load(der) for der in _der_blocks(path.read_bytes()))
    return lists


def validation_context(*, extra_roots: Iterable[asn1_x509.Certificate] = ()) -> ValidationContext:
    # An empty list trusts nothing; None would make the validator fall back to the operating
    # system's web roots, which say nothing about who may sign Vietnamese administrative documents.
    return ValidationContext(
        trust_roots=[*trusted_roots(), *extra_roots],
        crls=revocation_lists(),
        allow_fetching=settings.MOTCUA_SIGNING_FETCH_REVOCATION,
        revocation_mode="soft-fail",
    )
