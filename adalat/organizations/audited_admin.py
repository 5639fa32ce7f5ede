"""A ModelAdmin base that writes through services, so that every change made in the Django
admin (the main form, its inlines, deletions one by one or in bulk) leaves an audit entry."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest

from adalat.audit.services import Actor


class AuditedAdmin(admin.ModelAdmin[Any]):
    """Subclasses say which service saves and which deletes each kind of row they edit."""

    def save_instance(self, actor: Actor, obj: Model) -> None:
        raise NotImplementedError

    def delete_instance(self, actor: Actor, obj: Model) -> None:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool) -> None:
        self.save_instance(request.user, obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete_instance(request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_instance(request.user, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: BaseModelFormSet[Any, Any], change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            self.delete_instance(request.user, obj)
        for obj in instances:
            self.save_instance(request.user, obj)
        formset.save_m2m()
