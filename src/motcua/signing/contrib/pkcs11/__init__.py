"""PKCS#11 tokens and HSMs (USB tokens of Vietnamese CAs, network HSMs, SoftHSM2 for tests)
through python-pkcs11 and pyHanko's ``PKCS11Signer``. The key never leaves the token; the PIN
comes from the signing secrets.

Key location::

    {"module": "/usr/lib/softhsm/libsofthsm2.so",   # the vendor's PKCS#11 library
     "token_label": "SoTuPhap",                      # or "slot": 0
     "key_label": "lanhdao",                          # or "key_id": "01" (hex)
     "cert_label": "lanhdao"}                         # optional: else the recorded certificate

A library is loaded once per process (PKCS#11's C_Initialize); a session is opened for each
signature and closed right after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.signing.base import SigningProvider, SigningProviderError
from motcua.signing.registry import register


@register("pkcs11")
class Pkcs11Provider(SigningProvider):
    verbose_name = gettext_lazy("Thiết bị PKCS#11 (USB token, HSM)")

    def check_key_location(self, key_location) -> list[str]:
        problems = []
        if not key_location.get("module"):
            problems.append(_("Cần khai báo thư viện PKCS#11 (module)."))
        if not (key_location.get("token_label") or key_location.get("slot") is not None):
            problems.append(_("Cần khai báo nhãn token (token_label) hoặc khe (slot)."))
        if not (key_location.get("key_label") or key_location.get("key_id")):
            problems.append(_("Cần khai báo nhãn khoá (key_label) hoặc mã khoá (key_id)."))
        return problems

    @contextmanager
    def open_signer(self, key_location, secret, *, certificate=None) -> Iterator:
        # Imported here: python-pkcs11 is a compiled extension that a deployment without tokens
        # may leave out.
        from pkcs11 import PKCS11Error
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

        try:
            session = open_pkcs11_session(
                key_location["module"],
                slot_no=key_location.get("slot"),
                token_criteria=TokenCriteria(label=key_location.get("token_label")),
                user_pin=secret,
            )
        except (PKCS11Error, OSError, RuntimeError) as error:
            raise SigningProviderError(
                _("Không mở được token PKCS#11: %(error)s") % {"error": type(error).__name__}
            ) from None
        try:
            key_id = key_location.get("key_id")
            cert_label = key_location.get("cert_label")
            yield PKCS11Signer(
                session,
                key_label=key_location.get("key_label"),
                key_id=bytes.fromhex(key_id) if key_id else None,
                cert_label=cert_label,
                signing_cert=None if cert_label else certificate,
                other_certs_to_pull=(),
            )
        finally:
            session.close()
