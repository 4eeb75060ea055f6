from django.contrib import admin

from motcua.portal.models import SatisfactionRating


@admin.register(SatisfactionRating)
class SatisfactionRatingAdmin(admin.ModelAdmin):
    """Citizens' ratings, read-only: only ``portal.ratings`` writes them."""

    list_display = (
        "dossier",
        "agency",
        "officer",
        "overall",
        "staff_attitude",
        "timeliness",
        "transparency",
        "contacts",
        "created_at",
    )
    list_filter = ("agency", "overall", "staff_attitude", "timeliness", "transparency")
    search_fields = ("dossier__code", "officer__full_name", "officer__username", "comment")
    list_select_related = ("dossier", "agency", "officer")
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
