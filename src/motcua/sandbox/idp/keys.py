"""The sandbox provider's RSA signing key: made once under MOTCUA_HOME/sandbox-idp (mode 0600)
and shared by every process of the demo, so the JWKS they publish agree. Never a production
key: the sandbox is not installed in prod."""

from __future__ import annotations

import fcntl
import functools
import os

from django.conf import settings
from joserfc.jwk import RSAKey


def key_path():
    return settings.MOTCUA_HOME / "sandbox-idp" / "signing-key.pem"


@functools.cache
def signing_key() -> RSAKey:
    path = key_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two processes starting together make one key
        if not path.exists():
            key = RSAKey.generate_key(2048, private=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(key.as_pem(private=True))
        key = RSAKey.import_key(path.read_bytes())
    key.ensure_kid()
    return key


def jwks() -> dict:
    key = signing_key()
    public = key.as_dict(private=False)
    public.update({"use": "sig", "alg": "RS256", "kid": key.kid})
    return {"keys": [public]}
