"""Factories for the signing tests: an agency, a leader, and profiles pointing at test keys."""

from __future__ import annotations

import factory

from motcua.accounts.models import User
from motcua.catalog.models import AdministrativeUnit, Agency


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("scheme", "code")

    scheme = AdministrativeUnit.Scheme.TWO_LEVEL_2025
    code = "22"
    name = "Tỉnh Quảng Ninh"
    level = AdministrativeUnit.Level.PROVINCE


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("identifier",)

    identifier = "000.00.07.H49"
    name = "Sở Tư pháp tỉnh Quảng Ninh"
    kind = Agency.Kind.DEPARTMENT
    administrative_unit = factory.SubFactory(ProvinceFactory)


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = "lanhdao"
    full_name = "Hoàng Văn Thắng"
    kind = User.Kind.STAFF
    is_staff = True
    agency = factory.SubFactory(AgencyFactory)
