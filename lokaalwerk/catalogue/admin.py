"""Set-up of the catalogue by administrators: target groups, languages, locations."""

from django.contrib import admin

from .models import (
    DirectoryEntry,
    InclusionCell,
    Language,
    Location,
    Offer,
    TargetGroup,
    Vacancy,
    VacancySubscription,
)


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "typical_status", "typical_dutch_level"]
    search_fields = ["name", "code"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "street", "postal_code", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["name", "street"]
    autocomplete_fields = ["municipality"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written through the catalogue's pages, API and imports, which validate and audit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ["name", "provider", "is_active", "last_checked_on"]
    list_select_related = ["provider"]
    search_fields = ["name"]


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "owner", "last_checked_on", "stale_flagged_at"]
    list_select_related = ["owner"]
    list_filter = ["kind"]


@admin.register(InclusionCell)
class InclusionCellAdmin(ReadOnlyAdmin):
    list_display = ["offer", "target_group", "status"]
    list_select_related = ["offer", "target_group"]
    search_fields = ["offer__name"]


@admin.register(Vacancy)
class VacancyAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "employer", "municipality", "expires_on", "status"]
    list_select_related = ["municipality"]
    search_fields = ["reference", "title", "employer"]


@admin.register(VacancySubscription)
class VacancySubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "is_active", "last_sent_at"]
    list_select_related = ["user"]
