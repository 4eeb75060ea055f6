"""A user's staff roles are read once per user object (a request's user), and a change of the
user's groups is seen at once."""

from django.contrib.auth.models import Group

from motcua.accounts.roles import StaffRole, group_name
from motcua.dossiers.permissions import staff_roles
from motcua.dossiers.tests.conftest import world  # noqa: F401 - fixture


def test_roles_are_read_once_per_user_object(world, django_assert_num_queries):  # noqa: F811
    with django_assert_num_queries(1):
        for _ in range(20):
            assert staff_roles(world.reception) == {StaffRole.RECEPTION_OFFICER.value}
    roles = staff_roles(world.reception)
    roles.add("province_admin")  # callers get their own set
    assert staff_roles(world.reception) == {StaffRole.RECEPTION_OFFICER.value}


def test_a_change_of_groups_is_seen_at_once(world):  # noqa: F811
    user = world.reception
    assert staff_roles(user) == {StaffRole.RECEPTION_OFFICER.value}
    head = Group.objects.get_or_create(name=group_name(StaffRole.DEPARTMENT_HEAD))[0]
    user.groups.add(head)
    assert staff_roles(user) == {
        StaffRole.RECEPTION_OFFICER.value,
        StaffRole.DEPARTMENT_HEAD.value,
    }
    user.groups.clear()
    assert staff_roles(user) == set()
