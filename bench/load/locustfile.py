"""Locust scenarios of the load benchmark (run by ``bench/load/run.py``, headless, 127.0.0.1 only).

User classes, chosen on the locust command line:

- ``Citizen``: the citizen mix with a person's think time (1–3 s): catalog search, a procedure
  page, the public lookup (page and API) by dossier code; one task in ten submits a dossier.
- ``Submitter``: submits dossiers back to back through the portal flow (the form with the e-form
  and two 200 KB PDF attachments, then the review page's "Nộp hồ sơ"): sustained submissions/s.
- ``Officer``: the reception officers' mix with think time: a worklist, a dossier page, and
  accepting a dossier (the API action, as the page's button does through the same service).
- ``Saturate``: one endpoint (``BENCH_ENDPOINT``) with no think time, for the ratios to the bare
  view (``constant``, ``search``, ``procedure``, ``lookup_page``, ``lookup_api``, ``worklist``,
  ``dossier``).

Everything the users need (sessions, codes, slots) comes from ``BENCH_FIXTURE`` (the JSON that
``bench/load/dataset.py`` writes). A response that is not the expected status is a failure, and
so is a redirect elsewhere than the step's next page: a session the server does not know is
redirected to the login page, and a refused submission back to its form, both with a 302.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import random
import re
from http.cookiejar import Cookie

from locust import between, constant, task
from locust.contrib.fasthttp import FastHttpUser

FIXTURE = json.loads(open(os.environ["BENCH_FIXTURE"], encoding="utf-8").read())  # noqa: SIM115
CSRF = FIXTURE["csrf_token"]
ATTACHMENT_BYTES = 200 * 1024
FORM_URLENCODED = "application/x-www-form-urlencoded"
BIRTH_FORM = {
    "declarant_name": "Nguyễn Văn An",
    "declarant_id_number": "022090001234",
    "declarant_phone": "0912345678",
    "relationship": "father",
    "child_name": "Nguyễn Minh Khang",
    "child_sex": "male",
    "child_birth_date": "2026-10-30",
    "child_birth_place": "Bệnh viện Sản Nhi Quảng Ninh",
    "child_ethnicity": "Kinh",
    "child_nationality": "Việt Nam",
    "father_name": "Nguyễn Văn An",
    "father_id_number": "022090001234",
    "mother_name": "Trần Thị Hoa",
    "mother_id_number": "022192004321",
    "birth_copies": "2",
}


def pdf_of(size: int, seed: int) -> bytes:
    """A well-formed PDF of ``size`` bytes (the upload check reads the first bytes)."""
    head = b"%PDF-1.7\n1 0 obj <<>> endobj\n% "
    tail = b"\n%%EOF\n"
    filler = random.Random(seed).randbytes(size - len(head) - len(tail)).replace(b"\n", b" ")
    return head + filler + tail


ATTACHMENTS = [pdf_of(ATTACHMENT_BYTES, seed) for seed in (1, 2)]
citizen_sessions = itertools.cycle(FIXTURE["citizen_sessions"])
officer_sessions = itertools.cycle(FIXTURE["officer_sessions"])
to_accept = list(FIXTURE["to_accept"])


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = "motcuabench" + os.urandom(8).hex()
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class SignedIn(FastHttpUser):
    abstract = True
    sessions = None

    def on_start(self):
        self.session_key = next(self.sessions) if self.sessions is not None else None
        host = self.host.split("//", 1)[1].split(":", 1)[0]
        for name, value in (("sessionid", self.session_key), ("csrftoken", CSRF)):
            if value is None:
                continue
            self.client.cookiejar.set_cookie(
                Cookie(
                    0,
                    name,
                    value,
                    None,
                    False,
                    host,
                    False,
                    False,
                    "/",
                    True,
                    False,
                    None,
                    False,
                    None,
                    None,
                    {},
                )
            )

    def expect(self, method, url, status, *, name=None, location=None, **kwargs):
        """One request; a failure unless it answers ``status`` (and, for a redirect, goes to a
        path matching the regular expression ``location``). Returns whether it succeeded."""
        with self.client.request(
            method, url, name=name or url, catch_response=True, allow_redirects=False, **kwargs
        ) as response:
            if response.status_code != status:
                # Status 0: no HTTP answer (timeout, connection closed); say which.
                why = f" ({response.error!r})" if response.status_code == 0 else ""
                response.failure(f"status {response.status_code}, expected {status}{why}")
                return False
            if location is not None:
                target = response.headers.get("Location", "")
                if not re.fullmatch(location, target.split("?", 1)[0]):
                    response.failure(f"redirected to {target!r}, expected {location!r}")
                    return False
            return True


class CitizenTasks:
    def search(self):
        term = random.choice(FIXTURE["search_terms"])
        self.expect("GET", "/thu-tuc/", 200, name="catalog search", params={"q": term})

    def procedure(self):
        code = random.choice(FIXTURE["procedures"])
        self.expect("GET", f"/thu-tuc/{code}/", 200, name="procedure page")

    def lookup_page(self):
        code = random.choice(FIXTURE["lookup_codes"])
        self.expect("GET", "/tra-cuu/", 200, name="lookup page", params={"ma": code})

    def lookup_api(self):
        code = random.choice(FIXTURE["lookup_codes"])
        self.expect("GET", f"/api/v1/lookup/{code}", 200, name="lookup API")

    def submit(self):
        code = FIXTURE["procedure"]
        fields = {f"tk-{k}": v for k, v in BIRTH_FORM.items()} | {
            "csrfmiddlewaretoken": CSRF,
            "co_quan": str(FIXTURE["agency"]),
            "nhan_ket_qua": "online",
            "buoc": "xem-lai",
        }
        files = {
            f"giay-to-{slot}": (f"giay-to-{n}.pdf", ATTACHMENTS[n])
            for n, slot in enumerate(FIXTURE["upload_slots"][:2])
        }
        body, content_type = multipart(fields, files)
        headers = {"Content-Type": content_type, "Referer": self.host + "/"}
        reviewed = self.expect(
            "POST",
            f"/nop-ho-so/{code}/",
            302,
            name="submit: form + 2×200 KB",
            location=re.escape(f"/nop-ho-so/{code}/xem-lai/"),
            data=body,
            headers=headers,
        )
        if not reviewed:
            return
        self.expect(
            "POST",
            f"/nop-ho-so/{code}/xem-lai/",
            302,
            name="submit: confirm",
            location=r"/ho-so-cua-toi/[^/]+/",  # the new dossier's page, not the list or the form
            data=f"csrfmiddlewaretoken={CSRF}",
            headers={"Content-Type": FORM_URLENCODED, "Referer": self.host + "/"},
        )
        # A browser follows the redirect and the page shows (and consumes) the flash message
        # "Đã nộp hồ sơ …"; this user does not load that page, so it drops the message itself,
        # or the messages cookie would grow with every submission for the rest of the run.
        host = self.host.split("//", 1)[1].split(":", 1)[0]
        with contextlib.suppress(KeyError):  # no message: nothing to drop
            self.client.cookiejar.clear(host, "/", "messages")


class Citizen(CitizenTasks, SignedIn):
    sessions = citizen_sessions
    wait_time = between(1, 3)

    @task(6)
    def t_search(self):
        self.search()

    @task(6)
    def t_procedure(self):
        self.procedure()

    @task(3)
    def t_lookup_page(self):
        self.lookup_page()

    @task(3)
    def t_lookup_api(self):
        self.lookup_api()

    @task(2)
    def t_submit(self):
        self.submit()


class Submitter(CitizenTasks, SignedIn):
    sessions = citizen_sessions
    wait_time = constant(0)

    @task
    def t_submit(self):
        self.submit()


class OfficerTasks:
    def worklist(self):
        self.expect("GET", "/mot-cua/danh-sach/cho-tiep-nhan/", 200, name="worklist")

    def dossier(self):
        # Officers see their agency's dossiers (any other is the same 404 as a missing code).
        code = random.choice(FIXTURE["to_accept"])
        self.expect("GET", f"/mot-cua/ho-so/{code}/", 200, name="dossier page")

    def accept(self):
        if not to_accept:
            return
        code = to_accept.pop()
        self.expect(
            "POST",
            f"/api/v1/dossiers/{code}/actions/accept",
            200,
            name="action: accept",
            data=json.dumps({"note": ""}),
            headers={
                "Content-Type": "application/json",
                "X-CSRFToken": CSRF,
                "Referer": self.host + "/",
            },
        )


class Officer(OfficerTasks, SignedIn):
    sessions = officer_sessions
    wait_time = between(1, 3)

    @task(4)
    def t_worklist(self):
        self.worklist()

    @task(4)
    def t_dossier(self):
        self.dossier()

    @task(2)
    def t_accept(self):
        self.accept()


ENDPOINT = os.environ.get("BENCH_ENDPOINT", "constant")


class Saturate(CitizenTasks, OfficerTasks, SignedIn):
    """One endpoint, no think time: its ceiling on this stack."""

    wait_time = constant(0)

    @property
    def sessions(self):
        return officer_sessions if ENDPOINT in {"worklist", "dossier"} else citizen_sessions

    @task
    def hit(self):
        if ENDPOINT == "constant":
            self.expect("GET", "/bench/constant", 200, name="bare view")
        else:
            getattr(self, ENDPOINT)()
