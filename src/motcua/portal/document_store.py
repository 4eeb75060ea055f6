"""The citizen's document store ("Kho tài liệu của tôi"): the files they submitted in their
earlier dossiers and the electronic results of their decided dossiers, to download or to reuse
in a new submission without uploading them again.

Every query filters by the dossier's ``applicant_user``: someone else's document is "not found",
exactly like an id that does not exist. A result enters the store only once the dossier is
decided (the officers' draft result is not yet the citizen's). Nothing here writes: reusing a
document copies its bytes into the draft (``portal.submission.save_draft``), so the new dossier
keeps its own copy whatever later happens to the old one.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from motcua.catalog.models import RequiredDocument
from motcua.dossiers.models import DossierDocument

REUSE_CHOICES = 8  # documents offered in one upload slot


def stored_documents(user) -> QuerySet[DossierDocument]:
    """``user``'s documents with a file, newest first."""
    if not user.is_authenticated:
        return DossierDocument.objects.none()
    return (
        DossierDocument.objects.filter(dossier__applicant_user=user)
        .filter(
            Q(kind=DossierDocument.Kind.SUBMITTED)
            | Q(kind=DossierDocument.Kind.RESULT, dossier__completed_at__isnull=False)
        )
        .exclude(file="")
        .select_related("dossier__procedure_version__procedure")
        .order_by("-added_at", "-pk")
    )


def owned_document(user, pk) -> DossierDocument | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return stored_documents(user).filter(pk=pk).first()


def reuse_candidates(user, slot: RequiredDocument) -> tuple[list[DossierDocument], bool]:
    """What to offer in the upload slot ``slot``: the citizen's documents of the same kind (the
    same item of a procedure's list, or the same name) when there are some, else all of them;
    newest first, at most ``REUSE_CHOICES``. The flag tells whether they are of the same kind."""
    documents = stored_documents(user)
    same = documents.filter(Q(required_document=slot) | Q(name__iexact=slot.name.strip()))
    matching = list(same[:REUSE_CHOICES])
    if matching:
        return matching, True
    return list(documents[:REUSE_CHOICES]), False


def file_name(document: DossierDocument) -> str:
    return document.file.name.rsplit("/", 1)[-1]


def file_size(document: DossierDocument) -> int | None:
    try:
        return document.file.size
    except (FileNotFoundError, OSError):
        return None
