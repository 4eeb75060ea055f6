"""The demo CA (made idempotently, outside the repository) and the provider registry."""

from __future__ import annotations

import pytest
from cryptography import x509
from django.core.management import call_command

from motcua.demo.loader import load_demo
from motcua.signing.base import SigningProvider
from motcua.signing.models import SignerProfile
from motcua.signing.registry import DuplicateProvider, Registry, registry


@pytest.mark.django_db
def test_load_demo_makes_the_demo_ca_and_signers_and_a_second_run_keeps_them(settings, tmp_path):
    settings.MOTCUA_SIGNING_DEMO_CA_DIR = tmp_path / "demo-ca"
    load_demo()
    root = (tmp_path / "demo-ca" / "root.pem").read_bytes()
    leader = SignerProfile.objects.get(user__username="lanhdao")
    assert leader.title == "Giám đốc"
    assert "Hoàng Văn Thắng" in leader.certificate_subject
    assert SignerProfile.objects.filter(kind="organisation").count() == 8

    call_command("demo_ca", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert (tmp_path / "demo-ca" / "root.pem").read_bytes() == root
    assert SignerProfile.objects.get(user__username="lanhdao").certificate_serial == (
        leader.certificate_serial
    )
    assert SignerProfile.objects.count() == 9
    crl = x509.load_der_x509_crl((tmp_path / "demo-ca" / "root.crl").read_bytes())
    assert crl.issuer == x509.load_pem_x509_certificate(root).subject
    assert ((tmp_path / "demo-ca" / "people" / "lanhdao.p12").stat().st_mode & 0o777) == 0o600


def test_the_bundled_providers_are_registered():
    assert {"pkcs12", "pkcs11", "remote"} <= {key for key, _ in registry.choices()}


def test_registering_two_providers_under_one_name_fails():
    local = Registry("MOTCUA_SIGNING_DISABLED_PROVIDERS")

    @local("token")
    class First(SigningProvider):
        pass

    with pytest.raises(DuplicateProvider):

        @local("token")
        class Second(SigningProvider):
            pass


def test_a_disabled_provider_stays_known_but_cannot_sign(settings):
    settings.MOTCUA_SIGNING_DISABLED_PROVIDERS = ["pkcs11"]
    assert "pkcs11" in registry
    assert not registry.is_enabled("pkcs11")
    assert registry.is_enabled("pkcs12")
