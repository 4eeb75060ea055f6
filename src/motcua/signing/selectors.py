"""Reads about signers, for pages and for the dossier engine (which asks "can this leader sign?"
before offering the approve-and-sign action). Nothing here reaches a key."""

from __future__ import annotations

from motcua.signing.models import SignatureRecord, SignerProfile


def signer_profile_for(user) -> SignerProfile | None:
    """The person's active personal certificate, or None."""
    return (
        SignerProfile.objects.filter(user=user, kind=SignerProfile.Kind.PERSON, is_active=True)
        .select_related("agency")
        .first()
    )


def seal_profile_for(agency) -> SignerProfile | None:
    """The agency's active organisation seal, or None."""
    return SignerProfile.objects.filter(
        agency=agency, kind=SignerProfile.Kind.ORGANISATION, is_active=True
    ).first()


def signatures_for(reference: str):
    return SignatureRecord.objects.filter(reference=reference).select_related("profile")
