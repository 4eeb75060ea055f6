import factory

from motcua.catalog.models import (
    AdministrativeUnit,
    Agency,
    ChannelOption,
    Field,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
)


class AdministrativeUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("scheme", "code")

    scheme = AdministrativeUnit.Scheme.TWO_LEVEL_2025
    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    level = AdministrativeUnit.Level.COMMUNE


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    identifier = factory.Sequence(lambda n: f"000.00.{n % 100:02d}.{chr(65 + n // 100 % 25)}99")
    name = factory.Sequence(lambda n: f"Ủy ban nhân dân Xã Thử Nghiệm {n}")
    kind = Agency.Kind.PEOPLES_COMMITTEE
    administrative_unit = factory.SubFactory(AdministrativeUnitFactory)


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("name",)

    name = "Hộ tịch"


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm số {n}")
    field = factory.SubFactory(FieldFactory)
    levels = factory.LazyFunction(lambda: ["commune"])


class ProcedureVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureVersion

    procedure = factory.SubFactory(ProcedureFactory)
    number = 1
    service_level = 4
    online_mode = "end_to_end"


class ChannelOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChannelOption

    version = factory.SubFactory(ProcedureVersionFactory)
    channel = "counter"
    processing_time = 5
    time_unit = "working_day"
    fee_vnd = 1_250_000


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    version = factory.SubFactory(ProcedureVersionFactory)
    name = "Tờ khai theo mẫu"
    copies = 1
