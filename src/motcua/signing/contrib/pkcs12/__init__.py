"""PKCS#12 (.p12/.pfx) files: an agency's organisation seal or a person's certificate kept as an
encrypted file on the server. The file's password comes from the signing secrets, never from
the database. Suited to organisation seals on a server and to the demo; a person's key belongs
on a token (PKCS#11) or with a remote-signing service in production.

Key location: ``{"path": "/srv/motcua/keys/000.00.07.H49.p12"}`` (a relative path is read from
``$MOTCUA_HOME``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pyhanko.sign.signers import SimpleSigner

from motcua.signing.base import SigningProvider, SigningProviderError
from motcua.signing.registry import register


def key_path(key_location: Mapping[str, Any]) -> Path:
    path = Path(key_location["path"])
    return path if path.is_absolute() else Path(settings.MOTCUA_HOME) / path


@register("pkcs12")
class Pkcs12Provider(SigningProvider):
    verbose_name = gettext_lazy("Tệp PKCS#12 trên máy chủ")

    def check_key_location(self, key_location: Mapping[str, Any]) -> list[str]:
        if not isinstance(key_location.get("path"), str) or not key_location["path"]:
            return [_("Cần khai báo đường dẫn tệp PKCS#12 (path).")]
        return []

    @contextmanager
    def open_signer(self, key_location, secret, *, certificate=None) -> Iterator[SimpleSigner]:
        path = key_path(key_location)
        try:
            data = path.read_bytes()
        except OSError:
            raise SigningProviderError(
                _("Không đọc được tệp khoá %(path)s.") % {"path": path}
            ) from None
        try:
            signer = SimpleSigner.load_pkcs12_data(
                data, other_certs=(), passphrase=secret.encode() if secret else None
            )
        except ValueError:
            raise SigningProviderError(
                _("Không mở được tệp khoá %(path)s: sai mật khẩu hoặc tệp hỏng.") % {"path": path}
            ) from None
        yield signer
