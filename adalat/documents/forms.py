"""Forms of the documents section. They only parse what the browser sends; the services check
the content and the errors they raise are placed beside the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .content import FILE_TYPES
from .services import MAX_NOTE, MAX_TITLE

ACCEPT = ",".join(extension for file_type in FILE_TYPES for extension in file_type.extensions)


class FileInput(forms.FileInput):
    def __init__(self) -> None:
        super().__init__(attrs={"accept": ACCEPT})


class DocumentUploadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    file = forms.FileField(label=_("File"), widget=FileInput())


class VersionUploadForm(forms.Form):
    file = forms.FileField(label=_("File"), widget=FileInput())
    note = forms.CharField(label=_("What changed"), max_length=MAX_NOTE, required=False)
