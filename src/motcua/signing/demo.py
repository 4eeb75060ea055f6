"""The demo's signing setup: the demo CA's certificates for the demo agencies and leaders, and
their signer profiles. Called by ``motcua load-demo`` (through ``demo.loader``) and by
``motcua demo-ca``; idempotent.

Keys and passwords go to ``$MOTCUA_HOME`` (``demo-ca/`` and the signing secrets file): this module
must never write into the repository, and never runs in production (``MOTCUA_ENV=prod``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from motcua.accounts.models import User
from motcua.accounts.roles import StaffRole
from motcua.catalog.models import Agency
from motcua.demo import loader
from motcua.signing import democa
from motcua.signing.models import SignerProfile
from motcua.signing.services import register_signer

# Titles printed in the signature box; the demo accounts carry none.
LEADER_TITLES = {StaffRole.AGENCY_LEADER: "Giám đốc", StaffRole.DEPARTMENT_HEAD: "Trưởng phòng"}
# The department head signs through the sandbox remote-signing service (a SIM-PKI stand-in).
REMOTE_SIGNERS = {"truongphong"}


def _agency_names() -> dict[str, str]:
    return {spec.identifier: spec.name for spec in loader.DEMO_AGENCIES}


def _person(spec: loader.DemoAccount) -> democa.PersonSpec:
    return democa.PersonSpec(
        username=spec.username,
        full_name=spec.full_name,
        title=LEADER_TITLES[spec.role],
        organisation=_agency_names()[spec.agency],
    )


def load_signing_demo() -> democa.DemoCA:
    if settings.IS_PROD:
        raise ImproperlyConfigured("the demo CA is never made in production")
    signers = [a for a in loader.DEMO_ACCOUNTS if a.role in LEADER_TITLES and a.agency]
    ca = democa.ensure_demo_ca(
        settings.MOTCUA_SIGNING_DEMO_CA_DIR,
        agencies=[democa.AgencySpec(s.identifier, s.name) for s in loader.DEMO_AGENCIES],
        people=[_person(a) for a in signers if a.username not in REMOTE_SIGNERS],
        remote_people={a.username: _person(a) for a in signers if a.username in REMOTE_SIGNERS},
        crl_url=settings.MOTCUA_SIGNING_DEMO_CA_CRL_URL,
    )
    for agency in Agency.objects.filter(identifier__in=ca.agencies):
        register_signer(
            kind=SignerProfile.Kind.ORGANISATION,
            agency=agency,
            provider="pkcs12",
            key_location={"path": str(ca.agencies[agency.identifier])},
            display_name=agency.name,
            secret_name=democa.agency_secret_name(agency.identifier),
        )
    for user in User.objects.filter(username__in=ca.people).select_related("agency"):
        spec = next(a for a in signers if a.username == user.username)
        register_signer(
            kind=SignerProfile.Kind.PERSON,
            agency=user.agency,
            user=user,
            provider="pkcs12",
            key_location={"path": str(ca.people[user.username])},
            display_name=user.full_name,
            title=LEADER_TITLES[spec.role],
            secret_name=democa.person_secret_name(user.username),
        )
    return ca
