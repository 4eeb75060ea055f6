"""The load benchmark's data: the demo province plus generated citizens, officers and dossiers.

Runs in the bench runner's process (Django set up on the bench database, with the bench
server's SECRET_KEY so the sessions it writes are valid there). Idempotent: generated rows are
made once and reused (``--reuse`` is the default of ``bench/load/run.py``); sessions are written
fresh for every run. Writes ``fixture.json``, which the locust file reads: session cookies, the
procedure to submit, its upload slots, dossier codes to look up and dossiers to accept.

Passwords: generated accounts have unusable passwords; the load test signs them in by session
rows written here, so no password exists to leak and PBKDF2 does not dominate the test.
"""

from __future__ import annotations

import json
import random
import secrets
import time
from pathlib import Path

SUBMIT_PROCEDURE = "1.001193"  # birth registration: online end to end, with the demo e-form
CITIZEN_PREFIX = "bench.congdan."
OFFICER_PREFIX = "bench.tiepnhan."
SEARCH_TERMS = [
    "khai sinh",
    "kết hôn",
    "ket hon",
    "đăng ký kinh doanh",
    "giấy phép xây dựng",
    "đất đai",
    "hộ tịch",
    "chứng thực",
    "lý lịch tư pháp",
    "hộ kinh doanh",
    "khai tu",
    "cấp đổi",
]


def _users(prefix: str, count: int, *, kind, agency=None, group=None):
    from motcua.accounts.models import User

    existing = {u.username: u for u in User.objects.filter(username__startswith=prefix)}
    users = []
    for i in range(count):
        username = f"{prefix}{i:04d}"
        user = existing.get(username)
        if user is None:
            user = User(username=username, kind=kind, agency=agency, is_staff=group is not None)
            user.full_name = f"Người thử tải {i:04d}"
            user.phone = f"09{i:08d}"
            user.id_number = f"0220{i:08d}"
            user.set_unusable_password()
            user.save()
            if group is not None:
                user.groups.set([group])
        users.append(user)
    return users


def _sessions(users) -> list[str]:
    """One valid signed-in session per user, as the login view would leave it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    keys = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return keys


def _dossiers(agency, version, applicants, count: int) -> int:
    """Dossiers received online at ``agency`` through the services (events, codes, deadlines),
    waiting in the reception step with every document present; returns how many were made."""
    from django.db import transaction

    from motcua.catalog.models import Channel, RequiredDocument
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services import ApplicantData, receive_dossier

    have = Dossier.objects.filter(agency=agency, applicant_user__in=applicants).count()
    present = list(
        version.documents.filter(group=RequiredDocument.Group.SUBMIT).values_list("pk", flat=True)
    )
    made = 0
    rng = random.Random(have)
    while have + made < count:
        with transaction.atomic():
            for _ in range(min(200, count - have - made)):
                user = rng.choice(applicants)
                receive_dossier(
                    agency=agency,
                    procedure_version=version,
                    channel=Channel.ONLINE,
                    applicant=ApplicantData(
                        name=user.full_name, id_number=user.id_number, phone=user.phone
                    ),
                    actor=user,
                    applicant_user=user,
                    present_documents=present,
                    result_delivery=Dossier.ResultDelivery.ONLINE,
                )
                made += 1
    return made


def prepare(
    out: Path, *, citizens: int = 300, officers: int = 30, dossiers: int = 3000, accept: int = 3000
) -> dict:
    """Load the demo, generate what is missing, write ``out`` (the fixture); returns it."""
    from django.contrib.auth.models import Group

    from motcua.accounts.models import User
    from motcua.accounts.roles import StaffRole
    from motcua.catalog.models import Procedure, RequiredDocument
    from motcua.demo.loader import load_demo
    from motcua.dossiers.models import Dossier
    from motcua.portal import submission

    started = time.monotonic()
    load_demo()
    opened = submission.open_procedure(SUBMIT_PROCEDURE)
    if opened is None:
        raise SystemExit(f"procedure {SUBMIT_PROCEDURE} is not open for online submission")
    agency = opened.agencies[0]
    version = opened.version
    # The two attachments go to the mandatory slots first (the review refuses a draft without).
    documents = submission.uploadable_documents(version)
    documents.sort(key=lambda d: d.requirement != RequiredDocument.Requirement.MANDATORY)
    slots = [d.pk for d in documents]
    reception = Group.objects.get(name=StaffRole.RECEPTION_OFFICER.label)
    people = _users(CITIZEN_PREFIX, citizens, kind=User.Kind.CITIZEN)
    staff = _users(OFFICER_PREFIX, officers, kind=User.Kind.STAFF, agency=agency, group=reception)
    made = _dossiers(agency, version, people, dossiers)
    waiting = list(
        Dossier.objects.filter(agency=agency, step="reception", applicant_user__in=people)
        .order_by("-pk")
        .values_list("code", flat=True)[:accept]
    )
    codes = list(Dossier.objects.order_by("?").values_list("code", flat=True)[:2000])
    procedures = list(Procedure.objects.order_by("?").values_list("code", flat=True)[:300])
    fixture = {
        "procedure": SUBMIT_PROCEDURE,
        "agency": agency.pk,
        "upload_slots": slots,
        "citizen_sessions": _sessions(people),
        "officer_sessions": _sessions(staff),
        "lookup_codes": codes,
        "to_accept": waiting,
        "procedures": procedures,
        "search_terms": SEARCH_TERMS,
        "csrf_token": secrets.token_hex(16),  # 32 characters: Django's unmasked secret form
        "dossiers_total": Dossier.objects.count(),
        "procedures_total": Procedure.objects.count(),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(fixture), encoding="utf-8")
    print(
        f"dataset: {fixture['dossiers_total']:,} dossiers ({made:,} generated now), "
        f"{fixture['procedures_total']:,} procedures, {citizens} citizens, {officers} officers, "
        f"{len(waiting):,} dossiers to accept ({time.monotonic() - started:.0f} s)",
        flush=True,
    )
    return fixture
