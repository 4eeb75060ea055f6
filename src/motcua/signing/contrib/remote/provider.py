"""The remote-signing provider: a pyHanko ``Signer`` whose CMS comes from the remote service."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

from asn1crypto import cms, core
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pyhanko.sign import attributes
from pyhanko.sign.general import find_unique_cms_attribute
from pyhanko.sign.signers import Signer
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.signing.base import SigningProvider, SigningProviderError
from motcua.signing.contrib.remote.protocol import RemoteSigningClient, RemoteSigningError
from motcua.signing.registry import register


def _present_fields(sequence: core.Sequence, leaving_out: str) -> dict:
    # Absent optional fields parse as Void and cannot be written back into a new Sequence.
    return {
        key: sequence[key]
        for key in sequence
        if key != leaving_out and not isinstance(sequence[key], core.Void)
    }


class RemoteCmsSigner(Signer):
    """Delegates the whole CMS to the remote service; adds the signature time stamp (B-T)
    locally, because the time stamp covers the signature value the service returns."""

    def __init__(self, client: RemoteSigningClient, credential, *, document_name: str = ""):
        registry = SimpleCertificateStore()
        registry.register_multiple(credential.chain)
        super().__init__(signing_cert=credential.certificate, cert_registry=registry)
        self.client = client
        self.credential_id = credential.credential_id
        self.document_name = document_name

    async def async_sign_raw(self, data, digest_algorithm, dry_run=False):
        raise NotImplementedError("a remote signer returns whole CMS objects, not raw signatures")

    async def async_sign(
        self,
        data_digest,
        digest_algorithm,
        dry_run=False,
        use_pades=False,
        timestamper=None,
        signed_attr_settings=None,
        is_pdf_sig=True,
        encap_content_info=None,
    ):
        if dry_run:
            raise SigningProviderError("remote signatures need a fixed reserved size")
        reason = getattr(signed_attr_settings, "reason", "") or ""
        try:
            der = await asyncio.to_thread(
                self.client.sign_digest,
                self.credential_id,
                digest_algorithm,
                data_digest,
                document_name=self.document_name,
                reason=reason,
            )
        except RemoteSigningError as error:
            raise SigningProviderError(
                _("Dịch vụ ký số từ xa không ký được: %(error)s") % {"error": error}
            ) from None
        content_info = cms.ContentInfo.load(der)
        signed_data = content_info["content"]
        signer_info = signed_data["signer_infos"][0]
        # Refuse a CMS over some other document, whatever the service says.
        if find_unique_cms_attribute(signer_info["signed_attrs"], "message_digest").native != (
            data_digest
        ):
            raise SigningProviderError(_("Dịch vụ ký số từ xa trả về chữ ký của tài liệu khác."))
        if timestamper is None:
            return content_info
        token = await attributes.TSTProvider(
            digest_algorithm=digest_algorithm,
            data_to_ts=signer_info["signature"].native,
            timestamper=timestamper,
        ).get_attribute()
        # New objects around the parsed children keep the signed parts' exact DER encoding.
        new_signer_info = cms.SignerInfo(
            {
                **_present_fields(signer_info, "unsigned_attrs"),
                "unsigned_attrs": cms.CMSAttributes([token]),
            }
        )
        new_signed_data = cms.SignedData(
            {
                **_present_fields(signed_data, "signer_infos"),
                "signer_infos": cms.SignerInfos([new_signer_info]),
            }
        )
        return cms.ContentInfo({"content_type": "signed_data", "content": new_signed_data})


@register("remote")
class RemoteSigningProvider(SigningProvider):
    verbose_name = gettext_lazy("Dịch vụ ký số từ xa (SIM PKI, ký số từ xa)")
    # The service's CMS size is not known before it answers: reserve room for a 4096-bit
    # signature, a chain of four certificates and a time stamp token.
    bytes_reserved = 32 * 1024

    def check_key_location(self, key_location) -> list[str]:
        problems = []
        if not str(key_location.get("url", "")).startswith(("https://", "http://")):
            problems.append(_("Cần khai báo địa chỉ dịch vụ ký số từ xa (url, http/https)."))
        if not key_location.get("credential_id"):
            problems.append(_("Cần khai báo mã chứng thư của người ký (credential_id)."))
        return problems

    def client(self, key_location, secret) -> RemoteSigningClient:
        return RemoteSigningClient(
            key_location["url"],
            secret or "",
            confirm_timeout=float(key_location.get("confirm_timeout", 120)),
            poll_interval=float(key_location.get("poll_interval", 2)),
        )

    @contextmanager
    def open_signer(self, key_location, secret, *, certificate=None) -> Iterator[RemoteCmsSigner]:
        client = self.client(key_location, secret)
        try:
            credential = client.credential(key_location["credential_id"])
        except RemoteSigningError as error:
            raise SigningProviderError(
                _("Không kết nối được dịch vụ ký số từ xa: %(error)s") % {"error": error}
            ) from None
        yield RemoteCmsSigner(client, credential)
