from django.contrib import admin

from motcua.catalog.models import AdministrativeUnit, Agency


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "scheme", "parent")
    list_filter = ("scheme", "level")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("identifier", "name", "kind", "administrative_unit", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("identifier", "name", "short_name")
    autocomplete_fields = ("parent", "administrative_unit")
