"""`motcua import-holidays`, `motcua deadline` and /api/v1/calendar/…, as integrators use them."""

import pytest
from django.core.management import CommandError, call_command

from motcua.worktime.models import CalendarDecision
from tests.support import run_motcua, shared_data

SHARED_CSV = shared_data("calendar/vn_public_holidays_2024_2026.csv")


def test_import_holidays_replaces_whole_years_and_is_idempotent(db, capsys):
    call_command("import_holidays", str(SHARED_CSV))
    first = capsys.readouterr().out
    assert "years 2024, 2025, 2026: 0 created, 46 updated" in first  # English names replace ours
    call_command("import_holidays", str(SHARED_CSV))
    assert "0 created, 0 updated, 46 unchanged, 0 removed" in capsys.readouterr().out


def test_import_holidays_rejects_a_bad_file_and_changes_nothing(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,weekday,kind,name,source,status\n"
        "2026-01-01,Thu,day_off,Tết Dương lịch,x,official\n"
        "2026-02-30,Mon,day_off,Không có ngày này,x,official\n",
        encoding="utf-8",
    )
    before = list(CalendarDecision.objects.values_list("date", "name"))
    with pytest.raises(CommandError, match="line 3") as error:
        call_command("import_holidays", str(bad))
    assert "nothing imported" in str(error.value)
    assert list(CalendarDecision.objects.values_list("date", "name")) == before


def test_deadline_command_prints_iso_with_the_vietnam_offset(db):
    result = run_motcua("deadline", "--start", "2026-02-13T10:00", "--days", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2026-02-25T10:00:00+07:00"


@pytest.mark.parametrize(
    ("args", "due"),
    [
        (
            ["--start", "2026-02-13T16:00", "--days", "1", "--cutoff", "15:00"],
            "2026-02-23T17:00:00+07:00",
        ),
        (
            ["--start", "2026-01-09T10:00", "--days", "1"],
            "2026-01-10T10:00:00+07:00",
        ),  # make-up Saturday
        (
            ["--start", "2026-04-29T14:00", "--hours", "4"],
            "2026-05-04T08:30:00+07:00",
        ),  # 3 h on 29/4, 30/4-1/5 off
        (
            ["--start", "2026-03-02T12:00", "--days", "0.5"],
            "2026-03-02T17:00:00+07:00",
        ),  # lunch break
    ],
)
def test_deadline_command_follows_the_calendar_rules(db, args, due, capsys):
    call_command("deadline", *args)
    assert capsys.readouterr().out.strip() == due


def test_deadline_command_explains_a_mistake(db):
    with pytest.raises(CommandError, match="give a positive --days or --hours"):
        call_command("deadline", "--start", "2026-02-13T10:00")
    with pytest.raises(CommandError, match=r"no agency with identifier 000\.00\.99\.H49"):
        call_command(
            "deadline", "--start", "2026-02-13T10:00", "--days", "1", "--agency", "000.00.99.H49"
        )


def test_api_deadline_returns_the_due_time_and_why(client, db):
    response = client.get("/api/v1/calendar/deadline", {"start": "2026-02-13T10:00", "days": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["due"] == "2026-02-25T10:00:00+07:00"
    assert body["working_days"] == 3
    skipped = {d["date"]: d for d in body["explanation"]}
    assert skipped["2026-02-17"]["name"] == "Tết Nguyên đán (mùng 1)"
    assert skipped["2026-02-17"]["reason_label"] == "Nghỉ lễ, Tết"
    assert skipped["2026-02-14"]["reason"] == "weekly_rest"
    assert len(skipped) == 9


def test_api_deadline_refuses_bad_input_with_reasons(client, db):
    response = client.get("/api/v1/calendar/deadline", {"start": "hôm qua", "days": 3})
    assert response.status_code == 400
    assert "start" in response.json()
    response = client.get("/api/v1/calendar/deadline", {"start": "2026-02-13T10:00"})
    assert response.status_code == 400
    response = client.get(
        "/api/v1/calendar/deadline", {"start": "2026-02-13T10:00", "days": 1, "agency": "X99"}
    )
    assert response.json() == {"agency": ["Không có cơ quan với mã định danh này."]}


def test_api_holidays_marks_projected_years(client, db):
    official = client.get("/api/v1/calendar/holidays", {"year": 2026}).json()
    assert official["projected"] is False
    assert {"date": "2026-01-10", "kind": "working_day"}.items() <= next(
        d for d in official["days"] if d["date"] == "2026-01-10"
    ).items()
    projected = client.get("/api/v1/calendar/holidays", {"year": 2030}).json()
    assert projected["projected"] is True
    assert "2030-02-02" in {d["date"] for d in projected["days"]}  # Tết 2030 at UTC+7
    assert client.get("/api/v1/calendar/holidays", {"year": 1999}).status_code == 400


def test_admin_uploads_a_csv_of_decisions(admin_client, db):
    with SHARED_CSV.open("rb") as handle:
        response = admin_client.post("/quan-tri/worktime/calendardecision/nhap/", {"file": handle})
    assert response.status_code == 302
    assert CalendarDecision.objects.get(date="2026-01-01").name == "New Year's Day"


def test_admin_upload_of_a_broken_csv_says_which_line(admin_client, db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,weekday,kind,name,source,status\n2026-13-01,x,day_off,a,b,official\n")
    with bad.open("rb") as handle:
        response = admin_client.post("/quan-tri/worktime/calendardecision/nhap/", {"file": handle})
    assert response.status_code == 200
    assert "Dòng 2" in response.content.decode()
