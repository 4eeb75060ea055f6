"""Load the demo province: its real administrative units, a handful of agencies, demo accounts.

Idempotent: running it again updates what it made and creates nothing twice. Demo passwords are
random on first load and kept in ``$MOTCUA_HOME/demo-credentials.json`` so they stay stable across
runs; motcua never ships a fixed default password.

Units come from the 2025 list of the General Statistics Office (via dvhcvn, MIT; see
``data/README.md``). Agency identifiers follow the structure of Decision 20/2020/QĐ-TTg and
QCVN 102:2016 with Quảng Ninh's real level-1 code H49 (Decision 3739/QĐ-UBND 2016); the
level-2 numbers of the demo departments are illustrative.
"""

from __future__ import annotations

import csv
import json
import secrets
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from motcua.accounts.models import User
from motcua.accounts.roles import StaffRole, group_name
from motcua.catalog.demo import load_demo_catalog
from motcua.catalog.models import AdministrativeUnit, Agency
from motcua.core.models import PortalProfile

DEMO_PROVINCE_CODE = "22"  # Tỉnh Quảng Ninh
CREDENTIALS_FILE_NAME = "demo-credentials.json"
DEMO_CLIENT_NAME = "Kiosk tiếp nhận hồ sơ (demo)"


@dataclass(frozen=True)
class DemoAgency:
    identifier: str
    name: str
    short_name: str
    kind: str
    unit_code: str | None  # None: the province itself
    address: str
    phone: str
    parent: str | None = None


PROVINCE_PEOPLES_COMMITTEE = "000.00.00.H49"
SERVICE_CENTRE = "000.00.01.H49"
JUSTICE = "000.00.07.H49"
HA_LONG_WARD = "000.00.61.H49"

DEMO_AGENCIES = (
    DemoAgency(
        PROVINCE_PEOPLES_COMMITTEE,
        "Ủy ban nhân dân tỉnh Quảng Ninh",
        "UBND tỉnh",
        Agency.Kind.PEOPLES_COMMITTEE,
        None,
        "Phường Hồng Gai, tỉnh Quảng Ninh",
        "0203 3835 108",
    ),
    DemoAgency(
        SERVICE_CENTRE,
        "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh",
        "TTPVHCC tỉnh",
        Agency.Kind.SERVICE_CENTRE,
        None,
        "Phường Hồng Gai, tỉnh Quảng Ninh",
        "0203 3638 555",
        PROVINCE_PEOPLES_COMMITTEE,
    ),
    DemoAgency(
        JUSTICE,
        "Sở Tư pháp tỉnh Quảng Ninh",
        "Sở Tư pháp",
        Agency.Kind.DEPARTMENT,
        None,
        "Phường Hồng Gai, tỉnh Quảng Ninh",
        "0203 3835 445",
        PROVINCE_PEOPLES_COMMITTEE,
    ),
    DemoAgency(
        "000.00.10.H49",
        "Sở Xây dựng tỉnh Quảng Ninh",
        "Sở Xây dựng",
        Agency.Kind.DEPARTMENT,
        None,
        "Phường Hồng Gai, tỉnh Quảng Ninh",
        "0203 3835 607",
        PROVINCE_PEOPLES_COMMITTEE,
    ),
    DemoAgency(
        "000.00.05.H49",
        "Sở Tài chính tỉnh Quảng Ninh",
        "Sở Tài chính",
        Agency.Kind.DEPARTMENT,
        None,
        "Phường Hồng Gai, tỉnh Quảng Ninh",
        "0203 3835 541",
        PROVINCE_PEOPLES_COMMITTEE,
    ),
    DemoAgency(
        "000.00.02.H49",
        "Công an tỉnh Quảng Ninh",
        "Công an tỉnh",
        Agency.Kind.POLICE,
        None,
        "Phường Hạ Long, tỉnh Quảng Ninh",
        "0203 3835 170",
        PROVINCE_PEOPLES_COMMITTEE,
    ),
    DemoAgency(
        HA_LONG_WARD,
        "Ủy ban nhân dân Phường Hạ Long",
        "UBND phường Hạ Long",
        Agency.Kind.PEOPLES_COMMITTEE,
        "06688",
        "Phường Hạ Long, tỉnh Quảng Ninh",
        "0203 3825 282",
        PROVINCE_PEOPLES_COMMITTEE,
    ),
    DemoAgency(
        "000.00.62.H49",
        "Ủy ban nhân dân Xã Tiên Yên",
        "UBND xã Tiên Yên",
        Agency.Kind.PEOPLES_COMMITTEE,
        "06862",
        "Xã Tiên Yên, tỉnh Quảng Ninh",
        "0203 3876 123",
        PROVINCE_PEOPLES_COMMITTEE,
    ),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    kind: str
    role: StaffRole | None
    agency: str | None
    superuser: bool = False
    email: str = ""
    phone: str = ""


DEMO_ACCOUNTS = (
    DemoAccount(
        "quantri",
        "Phạm Quốc Hùng",
        User.Kind.STAFF,
        StaffRole.PROVINCE_ADMIN,
        PROVINCE_PEOPLES_COMMITTEE,
        superuser=True,
    ),
    DemoAccount(
        # At Sở Tư pháp's own desk: a service centre receiving on behalf of the departments
        # (Decree 61/2018 Art 7) is not modelled yet, so its officers could receive nothing.
        "tiepnhan",
        "Lê Thị Thu Hà",
        User.Kind.STAFF,
        StaffRole.RECEPTION_OFFICER,
        JUSTICE,
    ),
    DemoAccount("chuyenvien", "Đỗ Minh Tuấn", User.Kind.STAFF, StaffRole.SPECIALIST, JUSTICE),
    DemoAccount("truongphong", "Vũ Thị Lan", User.Kind.STAFF, StaffRole.DEPARTMENT_HEAD, JUSTICE),
    DemoAccount("lanhdao", "Hoàng Văn Thắng", User.Kind.STAFF, StaffRole.AGENCY_LEADER, JUSTICE),
    DemoAccount(
        "phuong.tiepnhan", "Ngô Thị Mai", User.Kind.STAFF, StaffRole.RECEPTION_OFFICER, HA_LONG_WARD
    ),
    DemoAccount(
        "congdan",
        "Nguyễn Văn An",
        User.Kind.CITIZEN,
        None,
        None,
        email="an.nguyen@example.vn",
        phone="0912345678",
    ),
    DemoAccount(
        "congdan2",
        "Trần Thị Bình",
        User.Kind.CITIZEN,
        None,
        None,
        email="binh.tran@example.vn",
        phone="0987654321",
    ),
)


@dataclass
class DemoResult:
    province_name: str
    commune_count: int
    agency_count: int
    credentials_file: Path
    accounts: list[dict] = field(default_factory=list)
    api_token: str = ""


def read_units(province_code: str) -> tuple[str, list[tuple[str, str]]]:
    """The province's name and its (code, name) communes/wards from the packaged 2025 list."""
    data = resources.files("motcua.demo").joinpath("data/units_2025.csv")
    province_name = None
    communes = []
    with data.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["province_code"] != province_code:
                continue
            province_name = row["province_name"]
            if row["unit_code"]:
                communes.append((row["unit_code"], row["unit_name"]))
    if province_name is None:
        raise ValueError(f"no province with code {province_code!r} in the 2025 list")
    return province_name, communes


def new_demo_password() -> str:
    # Letters and digits only, without look-alikes (0/O, 1/l/I): easy to read off a screen.
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def credentials_path() -> Path:
    return Path(settings.MOTCUA_HOME) / CREDENTIALS_FILE_NAME


def _known_api_token() -> str:
    try:
        return json.loads(credentials_path().read_text(encoding="utf-8")).get("api_token", "")
    except (FileNotFoundError, ValueError):
        return ""


def demo_integration_token(agency) -> str:
    """The demo kiosk's API token: kept while it still works, reissued otherwise."""
    from motcua.dossiers.clients import create_client, issue_token, token_hash
    from motcua.dossiers.models import IntegrationClient

    client = IntegrationClient.objects.filter(name=DEMO_CLIENT_NAME).first()
    if client is None:
        return create_client(DEMO_CLIENT_NAME, agency)[1]
    if client.agency_id != agency.pk:
        client.agency = agency
        client.save(update_fields=["agency"])
    token = _known_api_token()
    if token and client.token_hash == token_hash(token):
        return token
    return issue_token(client)


def _known_passwords() -> dict[str, str]:
    try:
        data = json.loads(credentials_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {a["username"]: a["password"] for a in data.get("accounts", []) if "password" in a}


@transaction.atomic
def load_demo(province_code: str = DEMO_PROVINCE_CODE) -> DemoResult:
    province_name, communes = read_units(province_code)
    province, _ = AdministrativeUnit.objects.update_or_create(
        scheme=AdministrativeUnit.Scheme.TWO_LEVEL_2025,
        code=province_code,
        defaults={
            "name": province_name,
            "level": AdministrativeUnit.Level.PROVINCE,
            "parent": None,
        },
    )
    units = {}
    for code, name in communes:
        units[code], _ = AdministrativeUnit.objects.update_or_create(
            scheme=AdministrativeUnit.Scheme.TWO_LEVEL_2025,
            code=code,
            defaults={"name": name, "level": AdministrativeUnit.Level.COMMUNE, "parent": province},
        )

    profile = PortalProfile.objects.order_by("pk").first() or PortalProfile()
    profile.portal_name = "Cổng Dịch vụ công"
    profile.province_name = province_name
    profile.province_code = province_code
    profile.operator_name = f"Văn phòng UBND {province_name[:1].lower()}{province_name[1:]}"
    profile.address = f"Trung tâm Phục vụ hành chính công, {province_name}"
    profile.hotline = "1900 0000"
    profile.email = "motcua-demo@example.vn"
    profile.save()

    agencies = {}
    for spec in DEMO_AGENCIES:
        agencies[spec.identifier], _ = Agency.objects.update_or_create(
            identifier=spec.identifier,
            defaults={
                "name": spec.name,
                "short_name": spec.short_name,
                "kind": spec.kind,
                "administrative_unit": units[spec.unit_code] if spec.unit_code else province,
                "address": spec.address,
                "phone": spec.phone,
                "parent": agencies.get(spec.parent) if spec.parent else None,
                "is_active": True,
            },
        )

    load_demo_catalog(agencies)  # the real national procedures, read from shared/data/tthc

    from motcua.portal.demo_eforms import install_demo_eforms

    install_demo_eforms()  # real e-forms (birth, marriage, copies, household business, building)

    groups = {role: Group.objects.get_or_create(name=group_name(role))[0] for role in StaffRole}
    known = _known_passwords()
    accounts = []
    for spec in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(username=spec.username)
        user.full_name = spec.full_name
        user.kind = spec.kind
        user.email = spec.email
        user.phone = spec.phone
        user.agency = agencies[spec.agency] if spec.agency else None
        user.is_staff = spec.kind == User.Kind.STAFF
        user.is_superuser = spec.superuser
        password = known.get(spec.username)
        if created or password is None or not user.check_password(password):
            password = new_demo_password()
            user.set_password(password)
        user.save()
        if spec.role:
            user.groups.set([groups[spec.role]])
        accounts.append(
            {
                "username": spec.username,
                "password": password,
                "full_name": spec.full_name,
                "role": str(spec.role.label) if spec.role else str(User.Kind(spec.kind).label),
                "agency": agencies[spec.agency].name if spec.agency else "",
            }
        )

    from motcua.signing.demo import load_signing_demo  # signing imports this module

    load_signing_demo()  # the demo CA, the agencies' seals and the leaders' certificates

    api_token = demo_integration_token(agencies[HA_LONG_WARD])
    path = credentials_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "province": province_name,
                "accounts": accounts,
                "api_token": api_token,
                "api_client": {"name": DEMO_CLIENT_NAME, "agency": agencies[JUSTICE].name},
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    path.chmod(0o600)
    return DemoResult(
        province_name=province_name,
        commune_count=len(communes),
        agency_count=len(agencies),
        credentials_file=path,
        accounts=accounts,
        api_token=api_token,
    )
