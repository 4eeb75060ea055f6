"""Fixtures for the signing tests: a demo CA made once per session in a temporary folder, the
settings that trust it, signer profiles, and the sandbox TSA and remote signer served over HTTP
on localhost."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from motcua.sandbox.remote_signer.server import RemoteSigningSandbox
from motcua.sandbox.tsa.server import from_demo_ca, serve_in_thread
from motcua.signing import democa
from motcua.signing.models import SignerProfile
from motcua.signing.services import register_signer
from motcua.signing.tests.factories import AgencyFactory, StaffFactory

JUSTICE = democa.AgencySpec("000.00.07.H49", "Sở Tư pháp tỉnh Quảng Ninh")
LEADER = democa.PersonSpec("lanhdao", "Hoàng Văn Thắng", "Giám đốc", JUSTICE.name)
HEAD = democa.PersonSpec("truongphong", "Vũ Thị Lan", "Trưởng phòng", JUSTICE.name)
REMOTE_TOKEN = "sandbox-token-for-tests"


@pytest.fixture(scope="session")
def demo_ca(tmp_path_factory) -> democa.DemoCA:
    folder = tmp_path_factory.mktemp("signing")
    return democa.ensure_demo_ca(
        folder / "demo-ca",
        agencies=[JUSTICE],
        people=[LEADER],
        remote_people={"truongphong": HEAD},
        secrets_path=folder / "secrets.json",
    )


@pytest.fixture
def secrets_file(demo_ca) -> Path:
    return demo_ca.directory.parent / "secrets.json"


@pytest.fixture(autouse=True)
def signing_settings(settings, demo_ca, secrets_file):
    settings.MOTCUA_SIGNING_TRUSTED_ROOTS = [str(demo_ca.root_certificate)]
    settings.MOTCUA_SIGNING_CRLS = [str(demo_ca.root_crl)]
    settings.MOTCUA_SIGNING_SECRETS_FILE = secrets_file
    settings.MOTCUA_SIGNING_TSA_URL = ""
    settings.MOTCUA_SIGNING_LONG_TERM = True
    settings.MOTCUA_SIGNING_FETCH_REVOCATION = False
    return settings


@pytest.fixture
def agency(db):
    return AgencyFactory()


@pytest.fixture
def leader(agency):
    return StaffFactory(agency=agency)


@pytest.fixture
def leader_profile(leader, demo_ca) -> SignerProfile:
    return register_signer(
        kind=SignerProfile.Kind.PERSON,
        agency=leader.agency,
        user=leader,
        provider="pkcs12",
        key_location={"path": str(demo_ca.people["lanhdao"])},
        display_name=leader.full_name,
        title="Giám đốc",
        secret_name=democa.person_secret_name("lanhdao"),
    )


@pytest.fixture
def seal_profile(agency, demo_ca) -> SignerProfile:
    return register_signer(
        kind=SignerProfile.Kind.ORGANISATION,
        agency=agency,
        provider="pkcs12",
        key_location={"path": str(demo_ca.agencies[agency.identifier])},
        display_name=agency.name,
        secret_name=democa.agency_secret_name(agency.identifier),
    )


@pytest.fixture
def sandbox_tsa(demo_ca, settings):
    server, url = serve_in_thread(from_demo_ca(demo_ca.directory))
    settings.MOTCUA_SIGNING_TSA_URL = url
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def sandbox_remote_signer(demo_ca, secrets_file):
    import json

    passwords = json.loads(secrets_file.read_text())
    app = RemoteSigningSandbox(
        demo_ca.directory / "remote-signer",
        lambda credential: passwords[democa.remote_secret_name(credential)],
        REMOTE_TOKEN,
        pending_polls=1,
    )
    server, url = serve_in_thread(app)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory, demo_ca, request):
    """A SoftHSM2 token holding the leader's key (imported from the demo CA's PKCS#12)."""
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    # SoftHSM reads its configuration when the library initialises in this process.
    os.environ["SOFTHSM2_CONF"] = str(config)
    pin, so_pin = "246810", "13579111"
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            "motcua-test",
            "--pin",
            pin,
            "--so-pin",
            so_pin,
        ],
        check=True,
        capture_output=True,
    )
    import json

    secrets = json.loads((demo_ca.directory.parent / "secrets.json").read_text())
    key = democa.load_pkcs12(demo_ca.people["lanhdao"], secrets["demo-ca/person/lanhdao"]).key
    key_file = folder / "lanhdao.key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    subprocess.run(
        [
            "softhsm2-util",
            "--import",
            str(key_file),
            "--token",
            "motcua-test",
            "--label",
            "lanhdao",
            "--id",
            "01",
            "--pin",
            pin,
        ],
        check=True,
        capture_output=True,
    )
    key_file.unlink()
    return {
        "module": "/usr/lib/softhsm/libsofthsm2.so",
        "token_label": "motcua-test",
        "key_label": "lanhdao",
        "pin": pin,
    }
