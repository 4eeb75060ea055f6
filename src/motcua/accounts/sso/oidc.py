"""OpenID Connect for identity provider plugins, through Authlib's Django client.

The flow (OpenID Connect Core 1.0 §3.1, RFC 7636):

1. ``begin``: read the provider's discovery document, make ``state``, ``nonce`` and a PKCE
   ``code_verifier`` (S256), keep them in the session and redirect to ``authorization_endpoint``.
2. ``complete`` on the redirect URI: refuse an unknown or reused ``state``; exchange the code
   with the client secret and the ``code_verifier`` at ``token_endpoint``; verify the ID token's
   signature against the provider's JWKS (keys fetched again when an unknown ``kid`` appears),
   its issuer (the configured one), audience (our client id), expiry, ``nonce`` and ``at_hash``;
   read ``userinfo_endpoint`` and refuse it when its ``sub`` is not the ID token's.

The discovery document is kept for an hour per process. Nothing here writes to the database
(the session aside): the profile goes to ``accounts.services.sign_in_external``.
"""

from __future__ import annotations

import logging
import time
from typing import ClassVar

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.utils.translation import gettext as _
from joserfc.errors import JoseError

from motcua.accounts.services import ExternalProfile
from motcua.accounts.sso.base import IdentityProvider, SignInFailed

logger = logging.getLogger(__name__)

METADATA_SECONDS = 3600
_clients: dict[tuple, tuple[float, object]] = {}


class OpenIDConnectProvider(IdentityProvider):
    """A provider speaking OpenID Connect, configured by ``MOTCUA_IDENTITY_PROVIDERS[code]``:
    ISSUER, CLIENT_ID, CLIENT_SECRET, SCOPE, HTTP_TIMEOUT."""

    required_settings: ClassVar[tuple[str, ...]] = ("ISSUER", "CLIENT_ID", "CLIENT_SECRET")

    def config(self) -> dict:
        return settings.MOTCUA_IDENTITY_PROVIDERS.get(self.code, {})

    def configuration_problem(self) -> str | None:
        missing = [name for name in self.required_settings if not self.config().get(name)]
        if missing:
            return f"{self.label}: thiếu cấu hình {', '.join(missing)}"
        return None

    @property
    def issuer(self) -> str:
        return self.config()["ISSUER"].rstrip("/")

    def client(self):
        config = self.config()
        key = (self.code, self.issuer, config["CLIENT_ID"], config.get("CLIENT_SECRET"))
        cached = _clients.get(key)
        if cached is not None and time.monotonic() - cached[0] < METADATA_SECONDS:
            return cached[1]
        client = OAuth().register(
            name=self.code,
            client_id=config["CLIENT_ID"],
            client_secret=config.get("CLIENT_SECRET") or None,
            server_metadata_url=f"{self.issuer}/.well-known/openid-configuration",
            client_kwargs={
                "scope": config.get("SCOPE") or "openid",
                "code_challenge_method": "S256",
                "default_timeout": config.get("HTTP_TIMEOUT") or 15,
            },
        )
        _clients[key] = (time.monotonic(), client)
        return client

    def _metadata(self, client) -> dict:
        metadata = client.load_server_metadata()
        # OpenID Connect Discovery §4.3: the issuer in the document must be the one we asked.
        if metadata.get("issuer", "").rstrip("/") != self.issuer:
            raise SignInFailed(
                _("Không kết nối được với %(provider)s.") % {"provider": self.label},
                f"issuer mismatch: {metadata.get('issuer')!r}",
            )
        return metadata

    def begin(self, request, redirect_uri):
        client = self.client()
        try:
            self._metadata(client)
            return client.authorize_redirect(request, redirect_uri)
        except (requests.RequestException, ValueError) as error:
            _clients.clear()
            raise SignInFailed(
                _("Không kết nối được với %(provider)s. Vui lòng thử lại sau ít phút.")
                % {"provider": self.label},
                str(error),
            ) from None

    def complete(self, request) -> ExternalProfile:
        client = self.client()
        failed = _("Đăng nhập bằng %(provider)s không thành công. Vui lòng thử lại.") % {
            "provider": self.label
        }
        if request.GET.get("error") == "access_denied":
            raise SignInFailed(
                _("Bạn đã không đồng ý chia sẻ thông tin từ %(provider)s.")
                % {"provider": self.label},
                "access_denied",
            )
        try:
            self._metadata(client)
            token = client.authorize_access_token(
                request,
                claims_options={
                    "iss": {"essential": True, "values": [self.issuer]},
                    "sub": {"essential": True},
                },
            )
            claims = token.get("userinfo")
            if "id_token" not in token or not claims:
                raise SignInFailed(failed, "no ID token in the token response")
            info = dict(client.userinfo(token=token))
        except SignInFailed:
            raise
        except (AuthlibBaseError, JoseError, requests.RequestException, KeyError, ValueError) as e:
            logger.warning("%s sign-in failed: %r", self.code, e)
            raise SignInFailed(failed, repr(e)) from None
        # OpenID Connect Core §5.3.2: the UserInfo sub must be exactly the ID token's.
        if info.get("sub") != claims["sub"]:
            raise SignInFailed(failed, "userinfo sub differs from the ID token's")
        return self.profile({**info, **dict(claims)})

    def profile(self, claims: dict) -> ExternalProfile:
        """Map the standard claims; a provider with its own claims overrides this."""
        return ExternalProfile(
            provider=self.code,
            subject=str(claims["sub"]),
            full_name=str(claims.get("name") or ""),
            phone=str(claims.get("phone_number") or ""),
            phone_verified=claims.get("phone_number_verified") is True,
            email=str(claims.get("email") or ""),
            email_verified=claims.get("email_verified") is True,
            claims={k: v for k, v in claims.items() if k not in {"nonce", "at_hash"}},
        )
