from django.contrib import admin

from .models import AuditEvent, AuditSubject


class AuditSubjectInline(admin.TabularInline):
    model = AuditSubject
    fields = ["subject_type", "subject_id"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor", "action", "target_repr", "source"]
    list_filter = ["action"]
    search_fields = ["target_repr", "target_id", "action"]
    inlines = [AuditSubjectInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
