"""Process definitions as plain data: steps, actions between them, who may act, what must hold
before, and what happens after. Pure Python: no Django import, no database.

Circular 01/2018/TT-VPCP Art 8 requires the electronic workflow to implement each procedure's
internal process as approved by the province chairman. A definition is that approved process
written down: the dossier engine only ever moves a dossier along an action of its definition.

A definition is validated as a whole (``validate``) before it is stored: every step reachable
from the first, a final step reachable from every step, known roles, preconditions and effects.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

# Roles, by code (accounts.roles.StaffRole values; "applicant" is the citizen who owns the
# dossier and "system" an automatic action such as a sweep).
ROLES = frozenset(
    {
        "reception_officer",
        "specialist",
        "department_head",
        "agency_leader",
        "agency_admin",
        "province_admin",
        "applicant",
        "system",
    }
)

# Phases group steps on the citizen's timeline.
PHASES = ("reception", "processing", "approval", "return", "done")

# What must hold before an action; the dossier engine evaluates each by name.
PRECONDITIONS = {
    "mandatory_documents_present": "Đủ thành phần hồ sơ bắt buộc",
    "assignee_set": "Đã phân công cán bộ xử lý",
    "payment_done": "Đã nộp phí, lệ phí",
    "result_attached": "Đã có kết quả giải quyết",
    "result_signed": "Kết quả đã được ký số",
    "within_supplement_window": "Trong 03 ngày làm việc kể từ ngày tiếp nhận",
    "extension_unused": "Chưa gia hạn lần nào",
    "at_least_one_day_before_due": "Còn ít nhất 01 ngày làm việc trước hạn",
    "consultations_answered": "Các cơ quan được lấy ý kiến đã trả lời",
    "receiving_agency": "Tại cơ quan đã tiếp nhận hồ sơ",
}

# What an action does besides moving the dossier. An effect with a parameter is written
# {"name": "parameter"} in YAML (e.g. {"issue_slip": "receipt"}).
EFFECTS = {
    "start_clock": None,
    "pause_clock": None,
    "resume_clock": None,
    "restart_clock": None,  # the complete dossier after a supplement restarts from zero
    "extend_due": None,  # apology and new appointment, once
    "stop_clock": None,
    "issue_slip": ("receipt", "supplement_request", "refusal", "apology", "stop_notice"),
    "request_supplement": None,
    "request_payment": None,
    "assign": None,
    "consult": None,
    "transfer": ("sequential", "parallel", "up", "back"),
    "sign_result": None,
    "complete": ("approved", "refused", "withdrawn", "stopped"),
    "return_result": None,
    "notify": None,  # any event name; the notification templates decide what is sent
}

STEP_KEYS = frozenset(
    {
        "code",
        "name",
        "public_status",
        "phase",
        "roles",
        "duration_days",
        "duration_hours",
        "final",
        "description",
    }
)
ACTION_KEYS = frozenset(
    {
        "code",
        "name",
        "from",
        "to",
        "roles",
        "preconditions",
        "effects",
        "requires_note",
        "description",
    }
)
DEFINITION_KEYS = frozenset({"code", "name", "description", "initial", "steps", "actions"})


def _unknown_keys(raw: dict, allowed: frozenset, where: str, problems: list[str]) -> None:
    # A typo, or a YAML flow mapping cut by an unquoted comma ("name: Xem xét, trình ký"),
    # shows up as a key nobody reads: refuse it rather than lose half a name silently.
    for key in raw:
        if key not in allowed:
            problems.append(f"{where}: khóa “{key}” không được hỗ trợ (thiếu dấu nháy?)")


class DefinitionError(ValueError):
    """A definition that breaks the rules; ``problems`` lists every problem, in Vietnamese."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Effect:
    name: str
    parameter: str | None = None

    def as_data(self) -> str | dict:
        return {self.name: self.parameter} if self.parameter is not None else self.name


@dataclass(frozen=True)
class Step:
    code: str
    name: str
    public_status: str
    phase: str
    roles: tuple[str, ...] = ()
    duration_days: float = 0
    duration_hours: float = 0
    final: bool = False
    description: str = ""


@dataclass(frozen=True)
class Action:
    code: str
    name: str
    source: str
    target: str
    roles: tuple[str, ...]
    preconditions: tuple[str, ...] = ()
    effects: tuple[Effect, ...] = ()
    requires_note: bool = False
    description: str = ""

    def has_effect(self, name: str) -> bool:
        return any(e.name == name for e in self.effects)

    def effect(self, name: str) -> Effect | None:
        return next((e for e in self.effects if e.name == name), None)


@dataclass(frozen=True)
class ProcessDefinition:
    code: str
    name: str
    initial: str
    steps: tuple[Step, ...]
    actions: tuple[Action, ...]
    description: str = ""
    _by_code: dict = field(default_factory=dict, compare=False, repr=False)

    def step(self, code: str) -> Step:
        if not self._by_code:
            object.__setattr__(self, "_by_code", {s.code: s for s in self.steps})
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"no step {code!r} in process {self.code!r}") from None

    def actions_from(self, step_code: str) -> list[Action]:
        return [a for a in self.actions if a.source == step_code]

    def action(self, step_code: str, action_code: str) -> Action | None:
        return next((a for a in self.actions_from(step_code) if a.code == action_code), None)

    def available_actions(self, step_code: str, roles: set[str] | frozenset[str]) -> list[Action]:
        """The actions someone with ``roles`` may take at ``step_code`` (preconditions aside)."""
        return [a for a in self.actions_from(step_code) if set(a.roles) & set(roles)]

    def as_data(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "description": self.description,
            "initial": self.initial,
            "steps": [
                {
                    k: v
                    for k, v in {
                        "code": s.code,
                        "name": s.name,
                        "public_status": s.public_status,
                        "phase": s.phase,
                        "roles": list(s.roles),
                        "duration_days": s.duration_days,
                        "duration_hours": s.duration_hours,
                        "final": s.final,
                        "description": s.description,
                    }.items()
                    if v not in ("", 0, [], False) or k in ("code", "name", "phase")
                }
                for s in self.steps
            ],
            "actions": [
                {
                    k: v
                    for k, v in {
                        "code": a.code,
                        "name": a.name,
                        "from": a.source,
                        "to": a.target,
                        "roles": list(a.roles),
                        "preconditions": list(a.preconditions),
                        "effects": [e.as_data() for e in a.effects],
                        "requires_note": a.requires_note,
                        "description": a.description,
                    }.items()
                    if v not in ("", [], False) or k in ("code", "name", "from", "to", "roles")
                }
                for a in self.actions
            ],
        }


# --- reading ------------------------------------------------------------------------------


def _as_tuple(value, where: str, problems: list[str]) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(value)
    problems.append(f"{where}: phải là một danh sách")
    return ()


def _effect(raw, where: str, problems: list[str]) -> Effect | None:
    if isinstance(raw, str):
        return Effect(raw)
    if isinstance(raw, dict) and len(raw) == 1:
        ((name, parameter),) = raw.items()
        return Effect(str(name), None if parameter is None else str(parameter))
    problems.append(f"{where}: tác động phải là một tên hoặc {{tên: tham số}}")
    return None


def _number(value, where: str, problems: list[str]) -> float:
    if value in (None, ""):
        return 0
    try:
        number = float(value)
    except (TypeError, ValueError):
        problems.append(f"{where}: phải là một số")
        return 0
    if number < 0:
        problems.append(f"{where}: không được âm")
    return number


def from_data(data: Any) -> ProcessDefinition:
    """Build and validate a definition from parsed YAML/JSON; raises ``DefinitionError``."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise DefinitionError(["Quy trình phải là một đối tượng có code, name, steps, actions"])
    for key in ("code", "name", "steps", "actions"):
        if not data.get(key):
            problems.append(f"thiếu “{key}”")
    if problems:
        raise DefinitionError(problems)
    _unknown_keys(data, DEFINITION_KEYS, "quy trình", problems)

    steps = []
    for i, raw in enumerate(data["steps"], start=1):
        where = f"bước {i}"
        if not isinstance(raw, dict) or not raw.get("code") or not raw.get("name"):
            problems.append(f"{where}: cần có code và name")
            continue
        where = f"bước “{raw['code']}”"
        _unknown_keys(raw, STEP_KEYS, where, problems)
        steps.append(
            Step(
                code=str(raw["code"]),
                name=str(raw["name"]),
                public_status=str(raw.get("public_status") or raw["name"]),
                phase=str(raw.get("phase") or ""),
                roles=tuple(str(r) for r in _as_tuple(raw.get("roles"), where, problems)),
                duration_days=_number(
                    raw.get("duration_days"), f"{where}: duration_days", problems
                ),
                duration_hours=_number(
                    raw.get("duration_hours"), f"{where}: duration_hours", problems
                ),
                final=bool(raw.get("final", False)),
                description=str(raw.get("description") or ""),
            )
        )
    actions = []
    for i, raw in enumerate(data["actions"], start=1):
        where = f"thao tác {i}"
        if not isinstance(raw, dict) or not all(raw.get(k) for k in ("code", "name", "from", "to")):
            problems.append(f"{where}: cần có code, name, from và to")
            continue
        where = f"thao tác “{raw['code']}” (từ “{raw['from']}”)"
        _unknown_keys(raw, ACTION_KEYS, where, problems)
        effects = tuple(
            e
            for e in (
                _effect(x, where, problems) for x in _as_tuple(raw.get("effects"), where, problems)
            )
            if e is not None
        )
        actions.append(
            Action(
                code=str(raw["code"]),
                name=str(raw["name"]),
                source=str(raw["from"]),
                target=str(raw["to"]),
                roles=tuple(str(r) for r in _as_tuple(raw.get("roles"), where, problems)),
                preconditions=tuple(
                    str(p) for p in _as_tuple(raw.get("preconditions"), where, problems)
                ),
                effects=effects,
                requires_note=bool(raw.get("requires_note", False)),
                description=str(raw.get("description") or ""),
            )
        )
    if problems:
        raise DefinitionError(problems)
    definition = ProcessDefinition(
        code=str(data["code"]),
        name=str(data["name"]),
        initial=str(data.get("initial") or steps[0].code),
        steps=tuple(steps),
        actions=tuple(actions),
        description=str(data.get("description") or ""),
    )
    validate(definition)
    return definition


# --- the rules ----------------------------------------------------------------------------


def validate(definition: ProcessDefinition) -> None:
    """Raise ``DefinitionError`` listing every rule the definition breaks."""
    problems: list[str] = []
    step_codes = [s.code for s in definition.steps]
    duplicates = sorted({c for c in step_codes if step_codes.count(c) > 1})
    if duplicates:
        problems.append(f"mã bước bị trùng: {', '.join(duplicates)}")
    known = set(step_codes)
    if definition.initial not in known:
        problems.append(f"bước đầu tiên “{definition.initial}” không có trong danh sách bước")

    for step in definition.steps:
        if step.phase not in PHASES:
            problems.append(
                f"bước “{step.code}”: giai đoạn “{step.phase}” không hợp lệ ({', '.join(PHASES)})"
            )
        for role in step.roles:
            if role not in ROLES:
                problems.append(f"bước “{step.code}”: vai trò “{role}” không tồn tại")
        if step.final and definition.actions_from(step.code):
            problems.append(f"bước kết thúc “{step.code}” không được có thao tác đi tiếp")

    seen_actions = set()
    for action in definition.actions:
        where = f"thao tác “{action.code}” (từ “{action.source}”)"
        if (action.source, action.code) in seen_actions:
            problems.append(f"{where}: trùng mã thao tác trong cùng một bước")
        seen_actions.add((action.source, action.code))
        for end, label in ((action.source, "from"), (action.target, "to")):
            if end not in known:
                problems.append(f"{where}: bước “{end}” ({label}) không có trong danh sách bước")
        if not action.roles:
            problems.append(f"{where}: phải có ít nhất một vai trò được thực hiện")
        for role in action.roles:
            if role not in ROLES:
                problems.append(f"{where}: vai trò “{role}” không tồn tại")
        for pre in action.preconditions:
            if pre not in PRECONDITIONS:
                problems.append(f"{where}: điều kiện “{pre}” không được hỗ trợ")
        for effect in action.effects:
            if effect.name not in EFFECTS:
                problems.append(f"{where}: tác động “{effect.name}” không được hỗ trợ")
                continue
            allowed = EFFECTS[effect.name]
            if allowed is not None and effect.parameter not in allowed:
                problems.append(
                    f"{where}: “{effect.name}” cần một trong các giá trị: {', '.join(allowed)}"
                )
    if problems:
        raise DefinitionError(problems)

    # Graph rules, once the pieces are sound.
    reachable = _reachable(definition, definition.initial, forward=True)
    for step in definition.steps:
        if step.code not in reachable:
            problems.append(f"bước “{step.code}” không thể tới được từ bước đầu tiên")
    finals = {s.code for s in definition.steps if s.final}
    if not finals:
        problems.append("quy trình phải có ít nhất một bước kết thúc (final: true)")
    else:
        can_finish = set().union(*(_reachable(definition, f, forward=False) for f in finals))
        for step in definition.steps:
            if step.code not in can_finish:
                problems.append(f"từ bước “{step.code}” không thể đi tới bước kết thúc")
    if problems:
        raise DefinitionError(problems)


def _reachable(definition: ProcessDefinition, start: str, *, forward: bool) -> set[str]:
    edges: dict[str, set[str]] = {}
    for action in definition.actions:
        a, b = (action.source, action.target) if forward else (action.target, action.source)
        edges.setdefault(a, set()).add(b)
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt in edges.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def layers(definition: ProcessDefinition) -> list[list[Step]]:
    """Steps grouped by their shortest distance from the first step (for drawing)."""
    depth = {definition.initial: 0}
    queue = deque([definition.initial])
    while queue:
        current = queue.popleft()
        for action in definition.actions_from(current):
            if action.target not in depth:
                depth[action.target] = depth[current] + 1
                queue.append(action.target)
    # Final steps share the last column, so the way through reads left to right.
    last = max((depth.get(s.code, 0) for s in definition.steps if not s.final), default=0) + 1
    grouped: dict[int, list[Step]] = {}
    for step in definition.steps:
        column = last if step.final else depth.get(step.code, last)
        grouped.setdefault(column, []).append(step)
    return [grouped[k] for k in sorted(grouped)]
