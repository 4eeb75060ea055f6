"""The web server SIGKILLed (master and workers) in the middle of a burst of API submissions
with attachments. The integrator does what a real one does: whatever got no answer is sent
again, with the same Idempotency-Key, once the server is back.

Every submission that was answered with success exists once, with all its files byte for byte;
every submission retried exists once; no dossier exists without its files.
"""

from __future__ import annotations

import base64
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from motcua.dossiers.clients import create_client
from motcua.dossiers.models import Dossier, IdempotentRequest
from motcua.dossiers.tests.conftest import world  # noqa: F401 - fixture

SUBMISSIONS = 24
KILL_AFTER = 6  # successful answers before the kill: the rest are in flight or not sent


def pdf(size: int) -> bytes:
    return b"%PDF-1.7\n" + os.urandom(size)


def submission(n: int) -> tuple[str, dict, dict[int, bytes]]:
    files = {1: pdf(40_000), 2: pdf(30_000)}
    body = {
        "procedure": "1.001193",
        "channel": "national_portal",
        "applicant": {"name": f"Người nộp {n}", "id_number": f"{n:012d}"},
        "result_delivery": "online",
        "attachments": [
            {
                "document": position,
                "name": f"giay-to-{position}.pdf",
                "content": base64.b64encode(content).decode(),
            }
            for position, content in files.items()
        ],
    }
    return f"burst-{n}", body, files


def test_a_killed_server_loses_no_answered_submission_and_duplicates_none(
    world,  # noqa: F811
    web_server,
    tmp_path,
):
    media = tmp_path / "media"
    _client, token = create_client("Cổng DVC quốc gia", world.justice)
    server = web_server(workers=2, MOTCUA_MEDIA_ROOT=str(media))
    headers = {"Authorization": f"Bearer {token}"}
    batch = [submission(n) for n in range(SUBMISSIONS)]
    answered: dict[str, str] = {}  # key → dossier code, from a success answer
    lock = threading.Lock()
    enough = threading.Event()

    def send(item, url):
        key, body, _files = item
        try:
            response = requests.post(
                url + "/api/v1/dossiers",
                json=body,
                headers={**headers, "Idempotency-Key": key},
                timeout=30,
            )
        except requests.RequestException:
            return key, None
        if response.status_code in (200, 201):
            with lock:
                answered[key] = response.json()["code"]
                if len(answered) >= KILL_AFTER:
                    enough.set()
        return key, response.status_code

    with ThreadPoolExecutor(max_workers=12) as pool:
        futures = [pool.submit(send, item, server.url) for item in batch]
        assert enough.wait(timeout=90), f"too few answers before the kill:\n{server.log_tail()}"
        server.kill()
        statuses = dict(future.result() for future in futures)

    unanswered = [item for item in batch if item[0] not in answered]
    assert unanswered, "the kill came after the whole burst: nothing was interrupted"
    assert set(statuses.values()) <= {None, 200, 201}, statuses
    before_retry = dict(answered)

    server = web_server(workers=2, MOTCUA_MEDIA_ROOT=str(media))
    with ThreadPoolExecutor(max_workers=6) as pool:
        retried = dict(pool.map(lambda item: send(item, server.url), unanswered))
    assert set(retried.values()) <= {200, 201}, retried
    # A success already answered is answered again, with the same dossier.
    first_answered = next(item for item in batch if item[0] in before_retry)
    assert send(first_answered, server.url) == (first_answered[0], 200)
    assert answered[first_answered[0]] == before_retry[first_answered[0]]

    assert Dossier.objects.count() == SUBMISSIONS
    assert IdempotentRequest.objects.count() == SUBMISSIONS
    for key, _body, files in batch:
        dossier = Dossier.objects.get(code=answered[key])
        assert IdempotentRequest.objects.get(key=key).dossier == dossier
        stored = {
            document.required_document.position: document
            for document in dossier.documents.select_related("required_document")
        }
        for position, content in files.items():
            assert stored[position].present
            assert (media / stored[position].file.name).read_bytes() == content, (key, position)
    # No half-written dossier: every dossier holds both its files (checked above for all of
    # them, since every dossier is one of the submissions).
    assert not Dossier.objects.exclude(code__in=answered.values()).exists()
    names = {
        Path(d.file.name)
        for dossier in Dossier.objects.all()
        for d in dossier.documents.exclude(file="")
    }
    assert len(names) == 2 * SUBMISSIONS
