"""VNeID, the national electronic identity of the Ministry of Public Security, through OpenID
Connect. The provider publishes no open specification; we speak standard OpenID Connect
(discovery, code flow with PKCE, RS256 ID tokens) and read the CCCD number from the claim named
by ``MOTCUA_VNEID_ID_NUMBER_CLAIM`` (``citizen_id`` by default), so a deployment adapts the
mapping to the contract it signs without code. The sandbox twin is ``motcua.sandbox.idp``.
"""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from motcua.accounts.services import ExternalProfile
from motcua.accounts.sso.oidc import OpenIDConnectProvider
from motcua.accounts.sso.registry import register


@register
class VNeIDProvider(OpenIDConnectProvider):
    code = "vneid"
    label = "VNeID"
    button_label = _("Đăng nhập bằng VNeID")

    def profile(self, claims: dict) -> ExternalProfile:
        profile = super().profile(claims)
        claim = self.config().get("ID_NUMBER_CLAIM") or "citizen_id"
        return replace(profile, id_number=str(claims.get(claim) or ""))
