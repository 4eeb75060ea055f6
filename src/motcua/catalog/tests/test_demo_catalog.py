from motcua.catalog.models import Procedure, ProcedureOffering
from motcua.demo.loader import load_demo


def test_the_demo_imports_the_real_procedures_and_assigns_them(db, settings, tmp_path):
    settings.MOTCUA_HOME = tmp_path
    load_demo()
    assert Procedure.objects.count() == 271 + 339 + 525 + 353
    birth = Procedure.objects.get(code="1.001193")
    assert set(birth.offerings.values_list("agency__identifier", flat=True)) == {
        "000.00.61.H49",
        "000.00.62.H49",
    }  # the demo's two commune People's Committees
    police = ProcedureOffering.objects.filter(agency__identifier="000.00.02.H49")
    construction = ProcedureOffering.objects.filter(agency__identifier="000.00.10.H49")
    assert police.exists() and construction.exists()
    assert "phuong ha long" in birth.__class__.objects.get(pk=birth.pk).search_text
    offerings = ProcedureOffering.objects.count()
    load_demo()
    assert ProcedureOffering.objects.count() == offerings


def test_the_demo_without_the_catalog_says_so_and_loads_the_rest(
    db, settings, tmp_path, monkeypatch, capsys
):
    settings.MOTCUA_HOME = tmp_path
    monkeypatch.setenv("MOTCUA_CATALOG_DATA", str(tmp_path / "nowhere"))
    result = load_demo()
    assert result.agency_count and not Procedure.objects.exists()
    assert "no procedure catalog found" in capsys.readouterr().err
