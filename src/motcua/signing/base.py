"""What every signing provider is: a way to reach a private key and sign a PDF digest with it.

A provider turns a signer profile's key location (a PKCS#12 file, a PKCS#11 token, a remote
signing service's credential) and its secret into a pyHanko ``Signer`` for the duration of one
signature. It must never copy the private key elsewhere, log the secret, or keep a session open
after ``open_signer`` returns.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from typing import Any, ClassVar

from asn1crypto import x509 as asn1_x509
from pyhanko.sign.signers import Signer


class SigningProviderError(Exception):
    """The key could not be reached or refused to sign; the message is safe to show staff."""


class SigningProvider(ABC):
    identifier: ClassVar[str]
    verbose_name: ClassVar[str]
    #: Whether ``open_signer`` needs the profile's secret (a password or PIN).
    needs_secret: ClassVar[bool] = True

    @abstractmethod
    def check_key_location(self, key_location: Mapping[str, Any]) -> list[str]:
        """Problems with a key location (missing fields, wrong types), in Vietnamese; empty when
        the location is well formed. Reaches no key."""

    @abstractmethod
    def open_signer(
        self,
        key_location: Mapping[str, Any],
        secret: str | None,
        *,
        certificate: asn1_x509.Certificate | None = None,
    ) -> AbstractContextManager[Signer]:
        """A context manager giving a ready pyHanko ``Signer``; closing it releases the key.
        ``certificate`` is the profile's recorded certificate, for providers whose key store
        does not carry one."""

    def read_certificates(
        self, key_location: Mapping[str, Any], secret: str | None
    ) -> Iterator[asn1_x509.Certificate]:
        """The signing certificate first, then the rest of its chain, from the key store."""
        with self.open_signer(key_location, secret) as signer:
            yield signer.signing_cert
            for cert in signer.cert_registry:
                if cert != signer.signing_cert:
                    yield cert
