from django.contrib import admin

from motcua.core.models import PortalProfile, WorkerHeartbeat


@admin.register(PortalProfile)
class PortalProfileAdmin(admin.ModelAdmin):
    list_display = ("portal_name", "province_name", "hotline", "updated_at")

    def has_add_permission(self, request):
        return not PortalProfile.objects.exists()


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("worker", "beat_at")
    readonly_fields = ("worker", "beat_at")

    def has_add_permission(self, request):
        return False
