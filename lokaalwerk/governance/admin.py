"""Set-up of bodies for administrators; meetings and their records are kept in the app itself,
where the services validate and audit every change."""

from django.contrib import admin

from .models import Body, BodyMember, Meeting


class BodyMemberInline(admin.TabularInline):
    model = BodyMember
    extra = 0
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "convenor", "min_meetings_per_year", "agreement"]
    list_filter = ["kind", "agreement"]
    search_fields = ["name"]
    filter_horizontal = ["actions"]
    inlines = [BodyMemberInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "starts_at", "sequence"]
    list_filter = ["status", "body"]
    readonly_fields = [field.name for field in Meeting._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
