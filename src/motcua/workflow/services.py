"""Storing process definitions: a new version for every change, validated before it is saved."""

from __future__ import annotations

import yaml
from django.db import transaction
from django.db.models import Max

from motcua.workflow.definition import DefinitionError, ProcessDefinition, from_data
from motcua.workflow.models import ProcessVersion


def parse_yaml(text: str) -> ProcessDefinition:
    """Parse and validate a definition written in YAML; raises ``DefinitionError``."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 1}, cột {mark.column + 1})" if mark else ""
        raise DefinitionError(
            [f"YAML không hợp lệ{where}: {getattr(exc, 'problem', exc)}"]
        ) from None
    return from_data(data)


def to_yaml(definition: ProcessDefinition) -> str:
    return yaml.safe_dump(definition.as_data(), allow_unicode=True, sort_keys=False, width=100)


@transaction.atomic
def store_definition(
    definition: ProcessDefinition, *, actor=None, approval_reference: str = ""
) -> tuple[ProcessVersion, bool]:
    """Store ``definition`` as the active version of its code.

    Returns (version, created). The same document as the active version creates nothing, so
    importing the same file twice is harmless.
    """
    data = definition.as_data()
    versions = ProcessVersion.objects.select_for_update().filter(code=definition.code)
    active = versions.filter(status=ProcessVersion.Status.ACTIVE).first()
    if active is not None and active.document == data:
        return active, False
    number = (versions.aggregate(last=Max("version"))["last"] or 0) + 1
    versions.filter(status=ProcessVersion.Status.ACTIVE).update(
        status=ProcessVersion.Status.RETIRED
    )
    version = ProcessVersion.objects.create(
        code=definition.code,
        version=number,
        name=definition.name,
        document=data,
        created_by=actor,
        approval_reference=approval_reference,
    )
    return version, True


def active_version(code: str) -> ProcessVersion:
    return ProcessVersion.objects.get(code=code, status=ProcessVersion.Status.ACTIVE)
