from django.contrib import admin

from .models import (
    Action,
    ActionDomain,
    ActionItem,
    Agreement,
    Ambition,
    Commitment,
    Party,
    PlanChange,
    Principle,
    Signatory,
    Theme,
)


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0


class AmbitionInline(admin.TabularInline):
    model = Ambition
    extra = 0


class PrincipleInline(admin.StackedInline):
    model = Principle
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "local_government", "start_date", "end_date", "status"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    filter_horizontal = ["municipalities"]
    inlines = [PartyInline, AmbitionInline, PrincipleInline]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "agreement", "organisation"]

    class SignatoryInline(admin.TabularInline):
        model = Signatory
        extra = 0

    inlines = [SignatoryInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "agreement"]


@admin.register(ActionDomain)
class ActionDomainAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "agreement"]


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0


class CommitmentInline(admin.StackedInline):
    model = Commitment
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "agreement", "lead_organisation"]
    list_filter = ["agreement"]
    search_fields = ["code", "title"]
    inlines = [ActionItemInline, CommitmentInline]


@admin.register(PlanChange)
class PlanChangeAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "agreement", "action", "actor", "kind", "summary"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
