"""The sandbox identity provider's endpoints, answering as an OpenID Connect provider does.

- ``/.well-known/openid-configuration``: discovery (OpenID Connect Discovery 1.0).
- ``/authorize``: the demo citizen picks who they are and consents (or refuses:
  ``error=access_denied``). Only the code flow, with PKCE S256 required; an unknown client or
  redirect URI gets an error page, never a redirect (RFC 6749 §4.1.2.1).
- ``/token``: client authentication (``client_secret_basic`` or ``client_secret_post``), the
  code once, within 2 minutes, for the same redirect URI, with the matching ``code_verifier``
  (RFC 7636 §4.6); answers an access token and an RS256 ID token (iss, sub, aud, exp, iat,
  auth_time, nonce, at_hash). A code presented twice revokes what it gave (RFC 6749 §4.1.2).
- ``/jwks``: the public key; ``/userinfo``: the person's claims for a Bearer access token.

The only registered client is motcua's own (``MOTCUA_IDENTITY_PROVIDERS["vneid"]``).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.db import transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from joserfc import jwt

from motcua.sandbox.idp import keys
from motcua.sandbox.idp.models import AccessToken, AuthorizationGrant
from motcua.sandbox.idp.people import DEMO_PEOPLE, person

CODE_SECONDS = 120
TOKEN_SECONDS = 600
SCOPES = ("openid", "profile", "email", "phone")


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _client() -> dict:
    return settings.MOTCUA_IDENTITY_PROVIDERS["vneid"]


def _same(given: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def issuer(request) -> str:
    return request.build_absolute_uri(reverse("sandbox_idp:root")).rstrip("/")


@require_GET
def root(request):
    return JsonResponse({"issuer": issuer(request)})


@require_GET
def discovery(request):
    base = issuer(request)
    return JsonResponse(
        {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": list(SCOPES),
            "claims_supported": [
                "sub",
                "name",
                "citizen_id",
                "birthdate",
                "gender",
                "address",
                "phone_number",
                "phone_number_verified",
                "email",
                "email_verified",
            ],
        }
    )


@require_GET
def jwks(request):
    return JsonResponse(keys.jwks())


def _authorize_problem(params) -> str | None:
    """Why the request cannot even be answered by a redirect (shown on the page instead)."""
    if not _same(params.get("client_id", ""), _client()["CLIENT_ID"]):
        return "Ứng dụng (client_id) chưa được đăng ký với nhà cung cấp định danh."
    redirect_uri = params.get("redirect_uri", "")
    registered = reverse("accounts:sso-callback", args=["vneid"])
    parts = urlsplit(redirect_uri)
    if parts.scheme not in {"http", "https"} or parts.path != registered or parts.query:
        return "Địa chỉ chuyển về (redirect_uri) chưa được đăng ký."
    return None


def _redirect_error(params, error: str, description: str):
    query = {"error": error, "error_description": description}
    if params.get("state"):
        query["state"] = params["state"]
    return HttpResponseRedirect(f"{params['redirect_uri']}?{urlencode(query)}")


FORWARDED = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


@require_http_methods(["GET", "POST"])
def authorize(request):
    params = {
        name: (request.POST if request.method == "POST" else request.GET).get(name, "")
        for name in FORWARDED
    }
    problem = _authorize_problem(params)
    if problem:
        return render(request, "sandbox_idp/error.html", {"problem": problem}, status=400)
    if params["response_type"] != "code":
        return _redirect_error(params, "unsupported_response_type", "only code is supported")
    if "openid" not in params["scope"].split():
        return _redirect_error(params, "invalid_scope", "openid scope required")
    if params["code_challenge_method"] != "S256" or not params["code_challenge"]:
        return _redirect_error(params, "invalid_request", "PKCE with S256 is required")
    if request.method == "GET":
        return render(
            request, "sandbox_idp/authorize.html", {"params": params, "people": DEMO_PEOPLE}
        )
    if request.POST.get("decision") != "allow":
        return _redirect_error(params, "access_denied", "the citizen refused")
    chosen = person(request.POST.get("subject", ""))
    if chosen is None:
        return render(
            request,
            "sandbox_idp/authorize.html",
            {"params": params, "people": DEMO_PEOPLE, "error": "Vui lòng chọn một công dân."},
            status=400,
        )
    code = secrets.token_urlsafe(32)
    AuthorizationGrant.objects.create(
        code_hash=_sha256(code),
        client_id=params["client_id"],
        redirect_uri=params["redirect_uri"],
        subject=chosen["sub"],
        scope=params["scope"],
        nonce=params["nonce"],
        code_challenge=params["code_challenge"],
        expires_at=timezone.now() + dt.timedelta(seconds=CODE_SECONDS),
    )
    query = {"code": code}
    if params["state"]:
        query["state"] = params["state"]
    return HttpResponseRedirect(f"{params['redirect_uri']}?{urlencode(query)}")


def _token_error(error: str, description: str, status: int = 400):
    response = JsonResponse({"error": error, "error_description": description}, status=status)
    response["Cache-Control"] = "no-store"
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="sandbox-idp"'
    return response


def _client_credentials(request) -> tuple[str, str]:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.startswith("Basic "):
        try:
            decoded = base64.b64decode(header[6:]).decode()
        except (ValueError, UnicodeDecodeError):
            return "", ""
        from urllib.parse import unquote

        client_id, _sep, secret = decoded.partition(":")
        return unquote(client_id), unquote(secret)
    return request.POST.get("client_id", ""), request.POST.get("client_secret", "")


@csrf_exempt
@require_POST
def token(request):
    client_id, secret = _client_credentials(request)
    config = _client()
    if not (_same(client_id, config["CLIENT_ID"]) and _same(secret, config["CLIENT_SECRET"])):
        return _token_error("invalid_client", "client authentication failed", status=401)
    if request.POST.get("grant_type") != "authorization_code":
        return _token_error("unsupported_grant_type", "only authorization_code")
    now = timezone.now()
    with transaction.atomic():
        grant = (
            AuthorizationGrant.objects.select_for_update()
            .filter(code_hash=_sha256(request.POST.get("code", "")), client_id=client_id)
            .first()
        )
        if grant is None or grant.expires_at <= now:
            return _token_error("invalid_grant", "unknown or expired code")
        if grant.used_at is not None:
            grant.tokens.update(revoked=True)
            return _token_error("invalid_grant", "code already used")
        if request.POST.get("redirect_uri", "") != grant.redirect_uri:
            return _token_error("invalid_grant", "redirect_uri does not match")
        verifier = request.POST.get("code_verifier", "")
        challenge = _b64(hashlib.sha256(verifier.encode()).digest())
        if not (43 <= len(verifier) <= 128) or not _same(challenge, grant.code_challenge):
            return _token_error("invalid_grant", "PKCE verification failed")
        grant.used_at = now
        grant.save(update_fields=["used_at"])
        access_token = secrets.token_urlsafe(32)
        AccessToken.objects.create(
            token_hash=_sha256(access_token),
            grant=grant,
            subject=grant.subject,
            scope=grant.scope,
            expires_at=now + dt.timedelta(seconds=TOKEN_SECONDS),
        )
    chosen = person(grant.subject) or {}
    at_hash = _b64(hashlib.sha256(access_token.encode()).digest()[:16])
    claims = {
        "iss": issuer(request),
        "sub": grant.subject,
        "aud": client_id,
        "iat": int(now.timestamp()),
        "exp": int(now.timestamp()) + TOKEN_SECONDS,
        "auth_time": int(grant.created_at.timestamp()),
        "at_hash": at_hash,
        "name": chosen.get("name", ""),
    }
    if grant.nonce:
        claims["nonce"] = grant.nonce
    key = keys.signing_key()
    id_token = jwt.encode({"alg": "RS256", "kid": key.kid, "typ": "JWT"}, claims, key)
    response = JsonResponse(
        {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": TOKEN_SECONDS,
            "id_token": id_token,
            "scope": grant.scope,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def userinfo(request):
    header = request.META.get("HTTP_AUTHORIZATION", "")
    given = header[7:].strip() if header.startswith("Bearer ") else ""
    record = AccessToken.objects.filter(
        token_hash=_sha256(given), revoked=False, expires_at__gt=timezone.now()
    ).first()
    if not given or record is None:
        response = JsonResponse({"error": "invalid_token"}, status=401)
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    chosen = person(record.subject) or {}
    scopes = set(record.scope.split())
    claims = {"sub": record.subject}
    if "profile" in scopes:
        for name in ("name", "citizen_id", "birthdate", "gender", "address"):
            claims[name] = chosen.get(name, "")
    if "phone" in scopes and chosen.get("phone_number"):
        claims.update(phone_number=chosen["phone_number"], phone_number_verified=True)
    if "email" in scopes and chosen.get("email"):
        claims.update(email=chosen["email"], email_verified=True)
    return JsonResponse(claims)
