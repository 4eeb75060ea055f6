"""Passwords and PINs that unlock signing keys: read from the environment or a secrets file.

A signer profile names its secret (``secret_name``, e.g. ``demo-ca/person/lanhdao``); the value
is looked up, in order, in

1. the environment variable ``MOTCUA_SIGNING_SECRET_<NAME>`` (the name upper-cased, every run of
   characters other than letters and digits turned into ``_``, e.g.
   ``MOTCUA_SIGNING_SECRET_DEMO_CA_PERSON_LANHDAO``);
2. the JSON object in ``settings.MOTCUA_SIGNING_SECRETS_FILE`` (``{"name": "value"}``; default
   ``$MOTCUA_HOME/signing-secrets.json``, which is never inside the repository).

This module must never log, return in an error message, or store in the database a secret's value.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from django.conf import settings


class MissingSecret(LookupError):
    """The named secret is in neither the environment nor the secrets file."""


def environment_variable_for(name: str) -> str:
    return "MOTCUA_SIGNING_SECRET_" + re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper()


def secrets_file() -> Path:
    return Path(settings.MOTCUA_SIGNING_SECRETS_FILE)


def _read_file(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{path} must hold a JSON object of name → secret")
    return data


def read_secret(name: str) -> str:
    value = os.environ.get(environment_variable_for(name))
    if value:
        return value
    value = _read_file(secrets_file()).get(name)
    if not value:
        raise MissingSecret(
            f"secret {name!r} is missing: set {environment_variable_for(name)} "
            f"or add it to {secrets_file()}"
        )
    return value


def store_secret(name: str, value: str, path: Path | None = None) -> None:
    """Write one secret into the secrets file (mode 0600). Used by the demo CA only: production
    secrets are provisioned by the operator, not by motcua."""
    path = path or secrets_file()
    data = _read_file(path)
    if data.get(name) == value:
        return
    data[name] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)
