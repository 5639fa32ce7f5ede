"""The Django admin for users, memberships, API tokens, and the failed log-ins the throttle counts.

Every save and delete goes through ``accounts.services`` (and tokens through
``accounts.tokens``), which write the audit entry. The admin site itself is
``admin_site.AdalatAdminSite``: log-in through Adalat's pages, second factor required.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalat.audit.services import Actor
from adalat.organizations.audited_admin import AuditedAdmin

from . import services
from .admin_site import AdalatAdminSite
from .models import ApiToken, LoginFailures, Membership, User
from .tokens import token_revoke

# The default site becomes Adalat's (the way django-otp installs OTPAdminSite).
admin.site.__class__ = AdalatAdminSite
# Roles live in memberships, and second factors are enrolled at log-in (reset here below):
# neither is edited through these generic admins, whose changes would escape the audit log.
for model in (Group, TOTPDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class MembershipInline(admin.TabularInline[Membership, Any]):
    model = Membership
    extra = 0
    fields = ["organization", "role", "is_active"]
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin[User]):
    list_display = ["username", "first_name", "last_name", "kind", "is_active", "is_staff"]
    list_filter = ["kind", "is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["username", "first_name", "last_name", "email"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("username", "password", "kind")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Security"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "kind", "usable_password", "password1", "password2")}),
    )
    inlines = [MembershipInline]
    actions = ["unlock", "reset_second_factor"]

    def save_instance(self, actor: Actor, obj: Model) -> None:
        if isinstance(obj, Membership):
            services.membership_save(actor=actor, membership=obj)
        else:
            services.user_save(actor=actor, user=cast(User, obj))

    def delete_instance(self, actor: Actor, obj: Model) -> None:
        if isinstance(obj, Membership):
            services.membership_delete(actor=actor, membership=obj)
        else:
            services.user_delete(actor=actor, user=cast(User, obj))

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.get(pk=id)
                services.user_password_changed(actor=request.user, user=user)
        return response

    @admin.action(description=_("Unlock (forget this window's failed log-ins for the username)"))
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        with transaction.atomic():
            for user in queryset:
                services.user_unlock(actor=request.user, user=user)
        self.message_user(request, _("Unlocked."), messages.SUCCESS)

    @admin.action(description=_("Reset the second factor (enrol again at next log-in)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        with transaction.atomic():
            for user in queryset:
                services.second_factor_reset(actor=request.user, user=user)
        self.message_user(request, _("The second factors are reset."), messages.SUCCESS)


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "organization", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active", "organization__kind"]
    search_fields = ["user__username", "user__last_name", "organization__code", "organization__name"]
    autocomplete_fields = ["user", "organization"]

    def save_instance(self, actor: Actor, obj: Model) -> None:
        services.membership_save(actor=actor, membership=cast(Membership, obj))

    def delete_instance(self, actor: Actor, obj: Model) -> None:
        services.membership_delete(actor=actor, membership=cast(Membership, obj))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Read-only: tokens are created by their owners (or ``adalat token``); here they can be revoked."""

    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["user", "name", "prefix", "scopes", "created_at", "expires_at", "last_used_at", "revoked_at"]
    fields = list(readonly_fields)
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        actor = cast(User, request.user)
        with transaction.atomic():
            for token in queryset:
                token_revoke(actor=actor, token_id=token.pk)
        count = queryset.count()
        self.message_user(
            request, ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count) % {"count": count}
        )


@admin.register(LoginFailures)
class LoginFailuresAdmin(admin.ModelAdmin[LoginFailures]):
    """Read-only: what the throttle counted, window by window, for a day (decision 0020)."""

    list_display = ["window", "scope", "address", "username", "failures"]
    list_filter = ["scope"]
    search_fields = ["username", "address"]
    ordering = ["-window", "-failures"]
    readonly_fields = ["scope", "address", "username", "window", "failures", "pending"]
    fields = list(readonly_fields)
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: LoginFailures | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: LoginFailures | None = None) -> bool:
        return False
