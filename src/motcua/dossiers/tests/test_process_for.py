"""Which internal process a received dossier follows (``process_for``: fixed SQL on a cursor,
read on every receipt), and why not when there is none."""

import pytest

from motcua.catalog.models import ProcedureOffering
from motcua.dossiers import services
from motcua.dossiers.selectors import definition_of
from motcua.dossiers.services import NotAllowed, process_for
from motcua.workflow.models import ProcessVersion


@pytest.fixture
def own_process(world):
    standard = ProcessVersion.objects.get(code="standard", status=ProcessVersion.Status.ACTIVE)
    return ProcessVersion.objects.create(
        code="tu-phap-rieng",
        version=3,
        name="Quy trình riêng của Sở Tư pháp",
        document=standard.document,
        approval_reference="Quyết định 123/QĐ-UBND",
    )


def offering(world):
    return ProcedureOffering.objects.filter(procedure=world.version.procedure, agency=world.justice)


def test_the_offerings_process_in_its_active_version_with_every_column_but_the_document(
    world, own_process, django_assert_num_queries
):
    offering(world).update(process_code=own_process.code)
    with django_assert_num_queries(1):
        found = process_for(world.version, world.justice)
    assert found == own_process
    assert (found.code, found.version, found.name, found.status, found.approval_reference) == (
        "tu-phap-rieng",
        3,
        "Quy trình riêng của Sở Tư pháp",
        "active",
        "Quyết định 123/QĐ-UBND",
    )
    assert found.created_at == own_process.created_at
    assert found.get_deferred_fields() == {"document"}
    assert definition_of(found).initial == own_process.definition().initial
    # Every column of the model is read but the document: a new column is not forgotten.
    columns = {f.attname for f in ProcessVersion._meta.concrete_fields} - {"document"}
    assert set(services._PROCESS_COLUMNS) == columns


def test_an_offering_without_a_process_code_follows_the_standard_process(world):
    offering(world).update(process_code="")
    found = process_for(world.version, world.justice)
    assert (found.code, found.status) == ("standard", "active")


def test_no_active_process_or_no_offering_is_refused_with_the_reason(world, own_process):
    offering(world).update(process_code=own_process.code)
    ProcessVersion.objects.filter(pk=own_process.pk).update(status=ProcessVersion.Status.RETIRED)
    with pytest.raises(NotAllowed) as refused:
        process_for(world.version, world.justice)
    assert refused.value.message == "Chưa có quy trình nội bộ “tu-phap-rieng” đang áp dụng."

    offering(world).update(is_active=False)
    with pytest.raises(NotAllowed) as refused:
        process_for(world.version, world.justice)
    assert refused.value.message == "Sở Tư pháp tỉnh Quảng Ninh không tiếp nhận thủ tục này."
