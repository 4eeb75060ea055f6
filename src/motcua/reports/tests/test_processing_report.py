"""The processing report on a hand-built province (``conftest.march``): every number checked
against a count made by hand, the dossiers behind each number, and the accounting identity of
the official form (biểu 06a/VPCP/KSTT, Circular 01/2020/TT-VPCP [T]):
carried over + received = resolved + withdrawn + stopped + in progress."""

from datetime import date

from motcua.reports import metrics, periods
from motcua.reports.selectors import Scope, dossiers_behind, processing_report

# Sở Tư pháp, by hand from conftest.march (letters are the dossiers behind each number).
MARCH = {
    "carried_over": "AB",
    "received_online": "D",
    "received_national_portal": "E",
    "received_counter": "CGHMN",
    "received_post": "F",
    "received": "CDEFGHMN",
    "to_handle": "ABCDEFGHMN",
    "resolved_early": "CN",  # C early; N refused after appraisal, early
    "resolved_on_time": "AE",  # A on the due day before 10:00; E inter-agency
    "resolved_late": "D",
    "resolved": "ACDEN",
    "resolved_refused": "N",
    "withdrawn": "H",
    "stopped": "",
    "in_progress_not_due": "GM",  # G extended to 10/04; M due 02/04
    "in_progress_overdue": "B",
    "in_progress_awaiting_supplement": "F",
    "in_progress": "BFGM",
    "supplement_requested": "FJ",
    "refused_at_reception": "I",
    "withdrawn_before_acceptance": "J",
    "end_to_end_online": "D",
    "electronic_result": "CE",
}
# 1-5 March: the state at Friday 06/03 00:00, read from the event log.
FIRST_WEEK = {
    **MARCH,
    "received_counter": "CGHN",
    "received": "CDEFGHN",
    "to_handle": "ABCDEFGHN",
    "resolved_early": "CN",
    "resolved_on_time": "AE",
    "resolved_late": "",
    "resolved": "ACEN",
    "in_progress_not_due": "G",  # already extended on 03/03
    "in_progress_overdue": "BD",  # D was due 05/03 10:00 and approved only on 06/03
    "in_progress_awaiting_supplement": "F",
    "in_progress": "BDFG",
}
# 1-2 March: at Tuesday 03/03 00:00 nothing was paused, extended or overdue yet.
FIRST_TWO_DAYS = {
    **dict.fromkeys(MARCH, ""),
    "carried_over": "AB",
    "received_online": "D",
    "received_national_portal": "E",
    "received_counter": "CGHN",
    "received_post": "F",
    "received": "CDEFGHN",
    "to_handle": "ABCDEFGHN",
    "resolved_on_time": "A",
    "resolved": "A",
    "in_progress_not_due": "BCDEFGHN",  # B is due 03/03 10:00
    "in_progress": "BCDEFGHN",
    "refused_at_reception": "I",
    "end_to_end_online": "D",
}
RATES = {  # (numerator, denominator) by hand; Decision 766 rates to one decimal
    "march": {"on_time_rate": 80.0, "online_rate": 25.0, "end_to_end_rate": 12.5,
              "electronic_result_rate": 40.0},
    "first_week": {"on_time_rate": 100.0, "online_rate": 28.6, "end_to_end_rate": 14.3,
                   "electronic_result_rate": 50.0},
    "first_two_days": {"on_time_rate": 100.0, "online_rate": 28.6, "end_to_end_rate": 14.3,
                       "electronic_result_rate": 0.0},
}  # fmt: skip
CASES = [
    ("march", periods.month(2026, 3), MARCH),
    ("first_week", periods.custom(date(2026, 3, 1), date(2026, 3, 5)), FIRST_WEEK),
    ("first_two_days", periods.custom(date(2026, 3, 1), date(2026, 3, 2)), FIRST_TWO_DAYS),
]


def codes(province, letters):
    return sorted(getattr(province, letter).code for letter in letters)


def balance(values: dict) -> None:
    """The identities of the official form hold for a row."""
    v = values
    assert v["to_handle"] == v["carried_over"] + v["received"]
    channels = ("received_online", "received_national_portal", "received_counter", "received_post")
    assert v["received"] == sum(v[k] for k in channels)
    assert v["resolved"] == v["resolved_early"] + v["resolved_on_time"] + v["resolved_late"]
    waiting = ("in_progress_not_due", "in_progress_overdue", "in_progress_awaiting_supplement")
    assert v["in_progress"] == sum(v[k] for k in waiting)
    assert v["to_handle"] == v["resolved"] + v["withdrawn"] + v["stopped"] + v["in_progress"]


def test_every_number_matches_the_hand_count_and_lists_its_dossiers(march):
    scope = Scope(agency_ids=frozenset({march.world.justice.pk}))
    for name, period, expected in CASES:
        report = processing_report(period, group_by="agency")
        justice = next(row for row in report.rows if row.key == march.world.justice.pk)
        for metric, letters in expected.items():
            assert justice.values[metric] == len(letters), (name, metric, letters)
            listed = sorted(dossiers_behind(metric, period, scope).values_list("code", flat=True))
            assert listed == codes(march, letters), (name, metric)
        for metric, value in RATES[name].items():
            assert justice.values[metric] == value, (name, metric)
        for row in [*report.rows, report.system_total]:
            balance(row.values)


def test_an_inter_agency_dossier_counts_once_where_it_was_received(march):
    report = processing_report(periods.month(2026, 3), group_by="agency")
    by_agency = {row.key: row.values for row in report.rows}
    construction = by_agency[march.world.construction.pk]
    # Sở Xây dựng handled E's part but received only O (stopped).
    assert (construction["received"], construction["resolved"], construction["stopped"]) == (
        1,
        0,
        1,
    )
    assert march.E.code not in dossiers_behind(
        "resolved",
        periods.month(2026, 3),
        Scope(agency_ids=frozenset({march.world.construction.pk})),
    ).values_list("code", flat=True)
    # Province: 8 at Sở Tư pháp + O at Sở Xây dựng + P at the commune, each once.
    assert report.system_total.values["received"] == 10
    assert report.system_total.values["resolved"] == 5


GROUPINGS = {
    "province": {"Toàn tỉnh": 10},
    "level": {"Cấp tỉnh": 9, "Cấp xã": 1},
    "field": {"Lý lịch tư pháp": 10},
    "procedure": {"1.001193 — Cấp Phiếu lý lịch tư pháp": 9,
                  "1.001194 — Cấp bản sao trích lục hộ tịch": 1},
}  # fmt: skip


def test_the_report_groups_by_level_field_and_procedure(march):
    for group_by, expected in GROUPINGS.items():
        report = processing_report(periods.month(2026, 3), group_by=group_by)
        assert {row.label: row.values["received"] for row in report.rows} == expected, group_by
        assert report.system_total.values["received"] == 10


def test_a_scope_narrows_the_report_to_a_field_and_a_level(march):
    period = periods.month(2026, 3)
    commune_only = processing_report(period, "province", Scope(level=3))
    assert commune_only.system_total.values["received"] == 1
    by_procedure = processing_report(
        period, "province", Scope(procedure_id=march.e2e_version.procedure_id)
    )
    assert by_procedure.system_total.values["received_online"] == 1
    assert by_procedure.system_total.values["online_rate"] == 100.0


def test_every_metric_has_a_definition_and_a_source():
    for metric in metrics.METRICS:
        assert metric.label and metric.definition and metric.source, metric.key
