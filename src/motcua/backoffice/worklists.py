"""The officials' worklists: which dossiers wait for whom.

A dossier is in a worklist when its current step (read from its own process definition) is one
where the worklist's role acts, and the official holds that role on it through their agency
(``selectors.held_for`` mirrors ``permissions.roles_on``). "Near due" and "overdue" are about
time, for everyone of the agency. This module only reads.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models import BooleanField, Count, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.roles import StaffRole
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import staff_roles
from motcua.workflow.definition import ProcessDefinition, Step

RECEPTION = StaffRole.RECEPTION_OFFICER.value
SPECIALIST = StaffRole.SPECIALIST.value
HEAD = StaffRole.DEPARTMENT_HEAD.value
LEADER = StaffRole.AGENCY_LEADER.value


def _receives(definition: ProcessDefinition, step: Step) -> bool:
    # Reception proper, and the steps where a supplement is brought back to the desk.
    takes_supplement = any(
        a.code == "submit_supplement" for a in definition.actions_from(step.code)
    )
    return RECEPTION in step.roles and (step.phase == "reception" or takes_supplement)


def _assigns(definition: ProcessDefinition, step: Step) -> bool:
    return HEAD in step.roles and any(
        a.has_effect("assign") for a in definition.actions_from(step.code)
    )


def _processes(definition: ProcessDefinition, step: Step) -> bool:
    return SPECIALIST in step.roles and step.phase == "processing"


def _reviews(definition: ProcessDefinition, step: Step) -> bool:
    return HEAD in step.roles and step.phase == "approval"


def _approves(definition: ProcessDefinition, step: Step) -> bool:
    return LEADER in step.roles and step.phase == "approval"


def _returns(definition: ProcessDefinition, step: Step) -> bool:
    return RECEPTION in step.roles and step.phase == "return"


def _any_open_step(definition: ProcessDefinition, step: Step) -> bool:
    return True


@dataclass(frozen=True)
class Worklist:
    slug: str  # the URL name under ``backoffice:``
    path: str
    label: str
    roles: frozenset[str]  # empty: every staff role
    step_test: Callable[[ProcessDefinition, Step], bool]
    description: str = ""

    def applies_to(self, roles: set[str]) -> bool:
        return not self.roles or bool(self.roles & roles) or StaffRole.PROVINCE_ADMIN.value in roles

    def condition(self, user, now: datetime) -> Q:
        """Which dossiers are in this worklist for ``user`` at ``now``, as one filter."""
        return selectors.at_steps(self.step_test) & self.held(user, now)

    def held(self, user, now: datetime) -> Q:
        """The condition but for the step: whose dossiers and, for some lists, when."""
        roles = set(self.roles) or staff_roles(user)
        condition = selectors.held_for(user, roles)
        if self.slug == "to_process":
            # Assigned to me; an unassigned dossier at a specialist's step (a same-day
            # process has no assignment) is open to every specialist of the agency.
            condition &= Q(assignee=user) | Q(assignee__isnull=True)
        elif self.slug == "near_due":
            limit = selectors.near_due_limit(user.agency, now)
            condition &= Q(completed_at__isnull=True, due_at__gt=now, due_at__lte=limit)
        elif self.slug == "overdue":
            condition &= Q(completed_at__isnull=True, due_at__lt=now)
        return condition

    def dossiers(self, user, now: datetime | None = None) -> QuerySet[Dossier]:
        return Dossier.objects.filter(self.condition(user, now or timezone.now())).order_by(*ORDER)


# The worklists' order; ``due_at`` and its index lead, so a page is read in index order.
ORDER = (F("due_at").asc(nulls_last=True), "submitted_at", "pk")


WORKLISTS = (
    Worklist(
        "to_receive",
        "cho-tiep-nhan",
        _("Chờ tiếp nhận"),
        frozenset({RECEPTION}),
        _receives,
        _("Hồ sơ nộp trực tuyến, qua bưu chính và hồ sơ bổ sung chờ bộ phận một cửa kiểm tra."),
    ),
    Worklist(
        "to_assign",
        "cho-phan-cong",
        _("Chờ phân công"),
        frozenset({HEAD}),
        _assigns,
        _("Hồ sơ đã tiếp nhận, chờ lãnh đạo phòng phân công cán bộ xử lý."),
    ),
    Worklist(
        "to_process",
        "cho-xu-ly",
        _("Chờ tôi xử lý"),
        frozenset({SPECIALIST}),
        _processes,
        _("Hồ sơ được phân công cho tôi thẩm định, lấy ý kiến."),
    ),
    Worklist(
        "to_review",
        "cho-xem-xet",
        _("Chờ xem xét, trình ký"),
        frozenset({HEAD}),
        _reviews,
        _("Kết quả thẩm định chờ lãnh đạo phòng xem xét và trình ký."),
    ),
    Worklist(
        "to_approve",
        "cho-phe-duyet",
        _("Chờ phê duyệt"),
        frozenset({LEADER}),
        _approves,
        _("Hồ sơ trình lãnh đạo cơ quan phê duyệt, ký số."),
    ),
    Worklist(
        "to_return",
        "cho-tra-ket-qua",
        _("Chờ trả kết quả"),
        frozenset({RECEPTION}),
        _returns,
        _("Hồ sơ đã có kết quả, chờ trả cho tổ chức, cá nhân."),
    ),
    Worklist(
        "near_due",
        "sap-den-han",
        _("Sắp đến hạn"),
        frozenset(),
        _any_open_step,
        _("Hồ sơ đang giải quyết còn không quá 01 ngày làm việc đến hạn trả."),
    ),
    Worklist(
        "overdue",
        "qua-han",
        _("Quá hạn"),
        frozenset(),
        _any_open_step,
        _("Hồ sơ đang giải quyết đã quá hạn trả kết quả."),
    ),
)

BY_SLUG = {w.slug: w for w in WORKLISTS}


def worklists_for(user) -> list[Worklist]:
    roles = staff_roles(user)
    return [w for w in WORKLISTS if w.applies_to(roles)]


def counts_for(user, now: datetime | None = None) -> dict[str, int]:
    """How many dossiers each of the user's worklists holds, counted in one query.

    Every back-office page shows these counts, so the query is built without the ORM's work
    repeated: each list's condition is turned into SQL once and used twice (in its
    ``COUNT … FILTER`` and in the ``WHERE`` that keeps the scan to the dossiers of some list),
    and the steps' part, the largest, is kept for as long as the processes do not change."""
    now = now or timezone.now()
    conditions = {}
    for worklist in worklists_for(user):
        steps, steps_params = _steps_sql(selectors.step_groups(worklist.step_test))
        held, held_params = _sql(worklist.held(user, now))
        conditions[worklist.slug] = RawSQL(  # noqa: S611 - compiled by the ORM
            f"({steps}) AND ({held})", (*steps_params, *held_params), BooleanField()
        )
    if not conditions:
        return {}
    either = functools.reduce(operator.or_, conditions.values())
    return Dossier.objects.filter(either).aggregate(
        **{slug: Count("pk", filter=condition) for slug, condition in conditions.items()}
    )


@functools.lru_cache(maxsize=64)
def _steps_sql(groups: selectors.StepGroups) -> tuple[str, tuple]:
    return _sql(selectors.at_grouped_steps(groups))


def _sql(condition: Q) -> tuple[str, tuple]:
    """``condition`` on dossiers as boolean SQL with its parameters, to use in a query on the
    dossiers' table itself (its columns are qualified by the table's name)."""
    query = Dossier.objects.filter(condition).query
    if sum(1 for count in query.alias_refcount.values() if count) > 1:  # a join: lost here
        raise ValueError("A worklist condition must read the dossier's own columns.")
    try:
        sql, params = query.get_compiler(using=Dossier.objects.db).compile(query.where)
    except EmptyResultSet:  # e.g. no step of any process is in this list
        return "FALSE", ()
    except FullResultSet:  # e.g. whoever holds the dossier, for a province administrator
        return "TRUE", ()
    return sql, tuple(params)


def default_worklist(user) -> Worklist:
    """The list an official starts from: the first that concerns their role."""
    mine = worklists_for(user)
    return mine[0] if mine else BY_SLUG["overdue"]
