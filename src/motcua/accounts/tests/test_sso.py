"""Sign-in with VNeID through OpenID Connect, the real adapter (Authlib) talking over HTTP to the
sandbox identity provider on the live server: code flow with PKCE, state, nonce, the ID token's
signature checked against the provider's JWKS, claims mapped to the account."""

from __future__ import annotations

import base64
import copy
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from joserfc.jwk import RSAKey

from motcua.accounts.models import ExternalIdentity, User
from motcua.sandbox.idp import keys
from motcua.sandbox.idp.people import DEMO_PEOPLE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def vneid(settings, live_server):
    providers = copy.deepcopy(settings.MOTCUA_IDENTITY_PROVIDERS)
    providers["vneid"]["ISSUER"] = live_server.url + "/sandbox/idp"
    settings.MOTCUA_IDENTITY_PROVIDERS = providers
    return live_server


def start(client):
    response = client.get(reverse("accounts:sso-begin", args=["vneid"]))
    assert response.status_code == 302, response
    return urlsplit(response["Location"])


def consent(client, authorize, subject=DEMO_PEOPLE[0]["sub"], decision="allow"):
    params = {k: v[0] for k, v in parse_qs(authorize.query).items()}
    page = client.get(authorize.path, params)
    assert page.status_code == 200
    assert "Chọn công dân thử nghiệm" in page.content.decode()
    response = client.post(authorize.path, {**params, "subject": subject, "decision": decision})
    assert response.status_code == 302
    return urlsplit(response["Location"])


def test_signing_in_with_vneid_creates_a_citizen_with_the_providers_claims(vneid, client):
    authorize = start(client)
    query = parse_qs(authorize.query)
    assert authorize.path == "/sandbox/idp/authorize"
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0]
    assert "openid" in query["scope"][0].split()

    back = consent(client, authorize)
    assert back.path == reverse("accounts:sso-callback", args=["vneid"])
    response = client.get(back.path, parse_qs(back.query))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_dossiers")

    person = DEMO_PEOPLE[0]
    user = User.objects.get(pk=client.session["_auth_user_id"])
    assert (user.full_name, user.id_number) == (person["name"], person["citizen_id"])
    assert (user.email, user.phone) == (person["email"], person["phone_number"])
    assert user.email_verified_at and user.phone_verified_at
    assert not user.has_usable_password()
    link = ExternalIdentity.objects.get(user=user)
    assert (link.provider, link.subject) == ("vneid", person["sub"])


def test_signing_in_again_reuses_the_linked_account(vneid, client):
    for _ in range(2):
        client.logout()
        back = consent(client, start(client))
        client.get(back.path, parse_qs(back.query))
    assert ExternalIdentity.objects.count() == 1
    assert User.objects.filter(kind="citizen").count() == 1


def test_a_forged_or_replayed_state_is_refused(vneid, client):
    back = consent(client, start(client))
    params = {k: v[0] for k, v in parse_qs(back.query).items()}
    forged = client.get(back.path, {**params, "state": "forged"})
    assert forged["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    # The real state was consumed by neither; using it twice fails the second time.
    assert client.get(back.path, params).status_code == 302
    assert "_auth_user_id" in client.session
    client.logout()
    assert client.get(back.path, params)["Location"] == reverse("login")


def test_refusing_consent_signs_nobody_in(vneid, client):
    back = consent(client, start(client), decision="deny")
    response = client.get(back.path, parse_qs(back.query), follow=True)
    assert "Bạn đã không đồng ý chia sẻ thông tin từ VNeID." in response.content.decode()
    assert User.objects.filter(kind="citizen").count() == 0


def test_an_id_token_not_signed_by_a_published_key_is_refused(vneid, client, monkeypatch):
    published = keys.jwks()
    impostor = RSAKey.generate_key(2048, private=True)
    impostor.ensure_kid()
    monkeypatch.setattr(keys, "signing_key", lambda: impostor)  # signs; the JWKS stays the real one
    monkeypatch.setattr(keys, "jwks", lambda: published)
    back = consent(client, start(client))
    response = client.get(back.path, parse_qs(back.query), follow=True)
    assert "Đăng nhập bằng VNeID không thành công" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_token_endpoint_requires_the_pkce_verifier_and_gives_a_code_once(vneid, client):
    authorize = start(client)
    back = consent(client, authorize)
    code = parse_qs(back.query)["code"][0]
    config = vneid_config()
    auth = base64.b64encode(f"{config['CLIENT_ID']}:{config['CLIENT_SECRET']}".encode()).decode()
    redirect_uri = parse_qs(authorize.query)["redirect_uri"][0]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}

    wrong = client.post(
        "/sandbox/idp/token",
        {**form, "code_verifier": "x" * 43},
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    no_client = client.post("/sandbox/idp/token", {**form, "code_verifier": "x" * 43})
    assert no_client.status_code == 401


def vneid_config():
    from django.conf import settings

    return settings.MOTCUA_IDENTITY_PROVIDERS["vneid"]


def test_the_discovery_document_and_jwks_describe_an_rs256_provider(vneid, client):
    document = client.get("/sandbox/idp/.well-known/openid-configuration").json()
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert document["code_challenge_methods_supported"] == ["S256"]
    jwks = client.get("/sandbox/idp/jwks").json()
    assert jwks["keys"][0]["kty"] == "RSA" and "d" not in jwks["keys"][0]
