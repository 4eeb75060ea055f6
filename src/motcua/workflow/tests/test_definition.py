"""The rules a process definition must satisfy before it is stored (pure, no database)."""

import copy
from importlib import resources

import pytest
import yaml

from motcua.workflow.definition import DefinitionError, from_data
from motcua.workflow.services import parse_yaml, to_yaml

TEMPLATES = ["standard", "same_day", "interagency_sequential", "interagency_parallel", "two_level"]

MINIMAL = {
    "code": "mini",
    "name": "Quy trình tối thiểu",
    "initial": "reception",
    "steps": [
        {
            "code": "reception",
            "name": "Tiếp nhận",
            "phase": "reception",
            "roles": ["reception_officer"],
        },
        {"code": "processing", "name": "Xử lý", "phase": "processing", "roles": ["specialist"]},
        {"code": "done", "name": "Xong", "phase": "done", "final": True},
    ],
    "actions": [
        {
            "code": "accept",
            "name": "Tiếp nhận",
            "from": "reception",
            "to": "processing",
            "roles": ["reception_officer"],
            "effects": ["start_clock", {"issue_slip": "receipt"}],
        },
        {
            "code": "finish",
            "name": "Hoàn thành",
            "from": "processing",
            "to": "done",
            "roles": ["specialist"],
            "effects": [{"complete": "approved"}],
        },
    ],
}


def template(name):
    text = resources.files("motcua.workflow").joinpath(f"process_templates/{name}.yaml").read_text()
    return yaml.safe_load(text)


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_shipped_template_is_valid_and_round_trips_through_yaml(name):
    definition = from_data(template(name))
    assert parse_yaml(to_yaml(definition)) == definition


def broken(change):
    data = copy.deepcopy(MINIMAL)
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda d: d["steps"].append(
                {"code": "orphan", "name": "Mồ côi", "phase": "processing"}
            ),
            "bước “orphan” không thể tới được từ bước đầu tiên",
        ),
        (lambda d: d["actions"].pop(), "từ bước “processing” không thể đi tới bước kết thúc"),
        (
            lambda d: d["steps"][2].update(final=False),
            "quy trình phải có ít nhất một bước kết thúc (final: true)",
        ),
        (lambda d: d["actions"][0].update(roles=["janitor"]), "vai trò “janitor” không tồn tại"),
        (lambda d: d["actions"][0].update(roles=[]), "phải có ít nhất một vai trò được thực hiện"),
        (
            lambda d: d["actions"][0].update(preconditions=["moon_is_full"]),
            "điều kiện “moon_is_full” không được hỗ trợ",
        ),
        (
            lambda d: d["actions"][0].update(effects=["teleport"]),
            "tác động “teleport” không được hỗ trợ",
        ),
        (
            lambda d: d["actions"][0].update(effects=[{"issue_slip": "poem"}]),
            "“issue_slip” cần một trong các giá trị",
        ),
        (
            lambda d: d["actions"][1].update(to="nowhere"),
            "bước “nowhere” (to) không có trong danh sách bước",
        ),
        (lambda d: d["steps"].append(copy.deepcopy(d["steps"][1])), "mã bước bị trùng: processing"),
        (
            lambda d: d["actions"].append(
                {
                    "code": "again",
                    "name": "Lại",
                    "from": "done",
                    "to": "processing",
                    "roles": ["specialist"],
                }
            ),
            "bước kết thúc “done” không được có thao tác đi tiếp",
        ),
        (lambda d: d["steps"][1].update(phase="coffee"), "giai đoạn “coffee” không hợp lệ"),
        (lambda d: d["steps"][1].update(duration_days=-1), "duration_days: không được âm"),
        (
            lambda d: d.update(initial="start"),
            "bước đầu tiên “start” không có trong danh sách bước",
        ),
        (lambda d: d.pop("actions"), "thiếu “actions”"),
    ],
)
def test_a_broken_definition_is_refused_with_the_reason(change, problem):
    with pytest.raises(DefinitionError) as error:
        from_data(broken(change))
    assert any(problem in p for p in error.value.problems), error.value.problems


def test_every_problem_is_reported_at_once():
    def several(d):
        d["actions"][0]["roles"] = ["janitor"]
        d["actions"][1]["effects"] = ["teleport"]

    with pytest.raises(DefinitionError) as error:
        from_data(broken(several))
    assert len(error.value.problems) == 2


def test_yaml_syntax_errors_name_the_line():
    with pytest.raises(DefinitionError) as error:
        parse_yaml("code: x\nname: [unclosed\n")
    assert "YAML không hợp lệ (dòng" in error.value.problems[0]


def test_available_actions_depend_on_the_role():
    standard = from_data(template("standard"))
    at_reception = {a.code for a in standard.available_actions("reception", {"reception_officer"})}
    assert at_reception == {"accept", "request_supplement", "refuse", "withdraw"}
    assert [a.code for a in standard.available_actions("reception", {"applicant"})] == ["withdraw"]
    assert standard.available_actions("approval", {"specialist"}) == []
    approve = standard.action("approval", "approve")
    assert approve.has_effect("sign_result") and approve.effect("complete").parameter == "approved"


def test_supplement_during_appraisal_pauses_then_restarts_the_clock():
    standard = from_data(template("standard"))
    ask = standard.action("appraisal", "request_supplement")
    assert "within_supplement_window" in ask.preconditions and ask.has_effect("pause_clock")
    resubmit = standard.action("awaiting_appraisal_supplement", "submit_supplement")
    assert resubmit.has_effect("restart_clock")
