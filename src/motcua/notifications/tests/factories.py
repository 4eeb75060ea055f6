"""Factories for the notification tests."""

import factory

from motcua.accounts.models import User
from motcua.notifications.models import MessageTemplate


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"congdan{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn An {n}")
    phone = factory.Sequence(lambda n: f"0912{n:06d}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.vn")
    kind = User.Kind.CITIZEN


class StaffFactory(UserFactory):
    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Trần Thị Bình {n}")
    phone = ""
    kind = User.Kind.STAFF


def approve_zns_templates() -> None:
    """What a province does once Zalo approves its ZNS templates: give each one its id."""
    for number, template in enumerate(
        MessageTemplate.objects.filter(channel="zalo", is_current=True).order_by("event"), 1
    ):
        MessageTemplate.objects.filter(pk=template.pk).update(
            provider_template_id=str(230000 + number)
        )
