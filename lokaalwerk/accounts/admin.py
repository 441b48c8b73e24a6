from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "local_government"]
    list_filter = ["kind", "local_government"]
    search_fields = ["name", "legal_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AccessAttempt)
class SignInAttemptAdmin(AxesAccessAttemptAdmin):
    """Failed sign-ins per username and address. Lifting a lockout removes the attempts and is
    recorded in the audit log (docs/signing-in.md)."""

    actions = ["lift_lockout"]

    @admin.action(description=_("Lift the lockout: allow signing in again"), permissions=["delete"])
    def lift_lockout(self, request, queryset):
        count = services.lockout_lift(actor=request.user, attempts=queryset, source=request.path)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed attempt removed: signing in is allowed again.",
                "%(count)d failed attempts removed: signing in is allowed again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def delete_model(self, request, obj):
        attempts = AccessAttempt.objects.filter(pk=obj.pk)
        services.lockout_lift(actor=request.user, attempts=attempts, source=request.path)

    def delete_queryset(self, request, queryset):
        services.lockout_lift(actor=request.user, attempts=queryset, source=request.path)
