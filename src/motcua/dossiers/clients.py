"""Integration clients: issue and revoke their API tokens (stored only as a hash)."""

import hashlib
import secrets

from motcua.dossiers.models import IntegrationClient


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(client: IntegrationClient) -> str:
    """A new token for ``client`` (the old one stops working); shown once, stored as a hash."""
    token = secrets.token_urlsafe(32)
    client.token_hash = token_hash(token)
    client.token_prefix = token[:8]
    client.save(update_fields=["token_hash", "token_prefix"])
    return token


def create_client(name: str, agency) -> tuple[IntegrationClient, str]:
    client = IntegrationClient(name=name, agency=agency, token_hash=secrets.token_hex(32))
    client.save()
    return client, issue_token(client)
