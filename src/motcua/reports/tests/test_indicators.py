"""The indicators of Circular 01/2018/TT-VPCP Art 13-15 and the Decision 766/QĐ-TTg score on
the hand-built province; thresholds as table tests with their source."""

from decimal import Decimal

import pytest

from motcua.dossiers.services import ApplicantData, perform_action, receive_dossier
from motcua.reports import periods
from motcua.reports.indicators import (
    OFFICER_GRADES,
    UNIT_GRADES,
    circular_indicators,
    decision_766_score,
    grade,
    service_counts,
)
from motcua.reports.models import ScoreComponent
from motcua.reports.selectors import Scope
from motcua.reports.services import validate_scheme
from motcua.reports.tests.conftest import at


@pytest.mark.parametrize(
    ("total", "expected"),
    [  # Circular 01/2018 Art 15 (REQUIREMENTS.md §7): ≥15, 12-<15, 9-<12, 6-<9, <6
        ("18", "Xuất sắc"), ("15", "Xuất sắc"), ("14.9", "Tốt"), ("12", "Tốt"), ("11.9", "Khá"),
        ("9", "Khá"), ("8.9", "Trung bình"), ("6", "Trung bình"), ("5.9", "Yếu"), ("0", "Yếu"),
    ],
)  # fmt: skip
def test_unit_grades_follow_the_circular(total, expected):
    assert grade(Decimal(total), UNIT_GRADES) == expected


@pytest.mark.parametrize(
    ("total", "expected"),
    [("6", "Tốt"), ("5", "Tốt"), ("4.9", "Đạt"), ("3.5", "Đạt"), ("3.4", "Chưa đạt")],
)  # Circular 01/2018 Art 15: officials ≥5, 3.5-<5, <3.5
def test_officer_grades_follow_the_circular(total, expected):
    assert grade(Decimal(total), OFFICER_GRADES) == expected


def test_indicators_are_computed_where_data_exists_and_never_invented(march):
    w = march.world
    # Q: a supplement during appraisal, then resolved in March: one extra contact (1 point).
    q = receive_dossier(
        agency=w.justice,
        procedure_version=w.version,
        channel="counter",
        applicant=ApplicantData(name="Lê Văn Cường"),
        actor=w.reception,
        present_documents=[w.form.pk, w.id_card.pk],
        at=at(2026, 3, 9, 9),
    )
    perform_action(q, "accept", w.reception, at=at(2026, 3, 9, 10))
    perform_action(q, "assign", w.head, data={"assignee": w.specialist.pk}, at=at(2026, 3, 9, 10))
    perform_action(q, "request_supplement", w.specialist, note="Thiếu", at=at(2026, 3, 10, 9))
    perform_action(q, "submit_supplement", w.reception, at=at(2026, 3, 11, 9))
    q.documents.create(kind="result", name="Phiếu")
    for action, actor in (("propose", w.specialist), ("submit_for_signature", w.head),
                          ("approve", w.leader)):  # fmt: skip
        perform_action(q, action, actor, at=at(2026, 3, 12, 9))  # due 16/03 09:00: early

    scope = Scope(agency_ids=frozenset({w.justice.pk}))
    result = circular_indicators(periods.month(2026, 3), scope)
    scores = {item.number: item.score for item in result["items"]}
    # 1: C, N, Q early (2), A, E on time (1), D late (0) → 8 / 6 = 1.33 → 1.3
    assert scores[1] == Decimal("1.3")
    # 3: five resolved without a supplement (2), Q with one (1) → 11 / 6 = 1.83 → 1.8
    assert scores[3] == Decimal("1.8")
    # 9: 1 of 2 procedures at level 4 (50 % ≥ 20 %) but online dossiers 2/9 = 22.2 % < 30 %
    assert scores[9] == Decimal(1)
    assert "22.2%" in result["items"][8].basis
    assert [n for n, s in scores.items() if s is None] == [2, 4, 5, 6, 7, 8]
    assert result["grade"] is None and result["max_measured"] == 6
    assert result["total"] == Decimal("4.1")


def test_decision_766_scores_measured_components_and_lists_the_rest(march):
    validate_scheme()  # the default scheme's points add up to 100
    scope = Scope(agency_ids=frozenset({march.world.justice.pk}))
    score = decision_766_score(periods.month(2026, 3), scope)
    earned = {
        item.component.code: item.earned for group in score["groups"] for item in group["items"]
    }
    # Rates of the March table test × points: 80 % × 20, 40 % × 8, 12.5 % × 6, 25 % × 8; no
    # document was scanned, so only D (its procedure asks for none) is digitised: 12.5 % × 8;
    # nothing paid and nobody rated (nothing to measure).
    assert earned == {
        "publication": None, "on_time": Decimal("16.00"), "digitised": Decimal("1.00"),
        "electronic_result": Decimal("3.20"), "reuse": None, "end_to_end": Decimal("0.75"),
        "online_dossiers": Decimal("2.00"), "online_payment": None, "satisfaction": None,
    }  # fmt: skip
    assert (score["earned"], score["measurable"], score["points"]) == (
        Decimal("22.95"),
        Decimal(50),
        Decimal(100),
    )


def test_the_766_scheme_is_data_and_its_points_must_total_100(march):
    ScoreComponent.objects.filter(code="on_time").update(points=25, full_at=90)
    with pytest.raises(Exception, match="phải bằng 100"):
        validate_scheme()
    scope = Scope(agency_ids=frozenset({march.world.justice.pk}))
    score = decision_766_score(periods.month(2026, 3), scope)
    on_time = next(i for g in score["groups"] for i in g["items"] if i.component.code == "on_time")
    assert on_time.earned == Decimal("22.22")  # 25 × 80/90


def test_services_are_counted_by_level_and_mode_with_those_that_received_dossiers(march):
    scope = Scope(agency_ids=frozenset({march.world.justice.pk}))
    services = service_counts(periods.month(2026, 3), scope)
    assert services["offered"] == 2
    assert services["by_level"] == {1: 1, 4: 1}
    assert services["by_mode"] == {"none": 1, "end_to_end": 1}
    assert services["with_dossiers"] == 2
    assert service_counts(periods.month(2026, 5), scope)["with_dossiers"] == 0
