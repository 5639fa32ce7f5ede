"""Pages of the documents module: a case's documents section (a fragment for htmx, which the
case page loads, or a page of its own), uploads of documents and of new versions, signing,
downloads.

Upload views install the size-capping upload handler before the CSRF check reads the form
(Django's "changing upload handlers on the fly"), so that an oversized file is refused while
it arrives instead of after it has been written to a temporary file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from adalat.accounts.screens import errors_onto, is_partial, render_part, screen, screen_user
from adalat.cases.models import Case
from adalat.cases.selectors import case_get
from adalat.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed

from .content import FileTooLarge
from .downloads import version_response
from .forms import DocumentUploadForm, VersionUploadForm
from .plugin import section_context
from .selectors import document_get, document_version_download, document_version_for_signing
from .services import custody_record, document_upload, document_version_add, document_version_sign
from .uploads import uploads_capped


def _case(request: HttpRequest, case_id: int, *, for_update: bool = False) -> Case:
    return case_get(user=screen_user(request), case_id=case_id, for_update=for_update)


def _section(request: HttpRequest, case: Case, *, status: int = 200, **context: Any) -> HttpResponse:
    """The documents section: the fragment when htmx asks, the page otherwise."""
    context = section_context(request, case, **context)
    # htmx swaps only successful answers: a refused upload is shown to it with its errors.
    shown = 200 if is_partial(request) else status
    return render_part(request, "documents/page.html", "documents/section.html", context, status=shown)


def _done(request: HttpRequest, case: Case, message: str) -> HttpResponse:
    if is_partial(request):
        return _section(request, case, done=message)
    messages.success(request, message)
    return HttpResponseRedirect(reverse("documents:case-documents", args=[case.pk]))


View = Callable[..., HttpResponse]


def _with_capped_uploads(view: View) -> View:
    """Install the upload handler, then run ``view`` behind the CSRF check; an upload over the
    limit is answered beside the file field."""
    protected = csrf_protect(view)

    def run(request: HttpRequest, case_id: int, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            uploads_capped(request)
        try:
            return protected(request, case_id, **kwargs)
        except FileTooLarge as error:
            case = _case(request, case_id)
            context: dict[str, Any] = {"file_error": error.message}
            if "document_id" in kwargs:
                context = {"version_document": kwargs["document_id"], "version_file_error": error.message}
            return _section(request, case, status=413, **context)

    return run


def _documents(request: HttpRequest, case_id: int) -> HttpResponse:
    if request.method == "GET":
        with transaction.atomic():
            return _section(request, _case(request, case_id))
    form = DocumentUploadForm(request.POST, request.FILES)
    try:
        with transaction.atomic():
            case = _case(request, case_id, for_update=True)
            if form.is_valid():
                file = form.cleaned_data["file"]
                document_upload(
                    actor=screen_user(request),
                    case=case,
                    title=form.cleaned_data["title"],
                    file=file,
                    filename=file.name or "",
                )
                return _done(request, case, _("The document was added."))
    except (NotFound, PermissionDenied):
        raise  # the screen's pages
    except ApplicationError as error:
        errors_onto(form, error.fields, message=error.message)
        return _section(request, case, upload_form=form, status=error.status)
    return _section(request, case, upload_form=form, status=422)


def _version_add(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    form = VersionUploadForm(request.POST, request.FILES)
    try:
        with transaction.atomic():
            case = _case(request, case_id, for_update=True)
            document = document_get(user=screen_user(request), case=case, document_id=document_id)
            if form.is_valid():
                file = form.cleaned_data["file"]
                document_version_add(
                    actor=screen_user(request),
                    document=document,
                    file=file,
                    filename=file.name or "",
                    note=form.cleaned_data["note"],
                )
                return _done(request, case, _("The new version was added."))
    except (NotFound, PermissionDenied):
        raise  # the screen's pages
    except ApplicationError as error:
        errors_onto(form, error.fields, message=error.message)
        return _section(request, case, version_form=form, version_document=document_id, status=error.status)
    return _section(request, case, version_form=form, version_document=document_id, status=422)


@csrf_exempt  # the CSRF check runs inside, once the upload handler is in place
@require_http_methods(["GET", "POST"])
@screen
def case_documents(request: HttpRequest, case_id: int) -> HttpResponse:
    """GET: the documents section of a case; POST: upload a new document (title, file)."""
    return _with_capped_uploads(_documents)(request, case_id)


@csrf_exempt  # as above
@require_POST
@screen
def version_add(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    """Upload a new version of a document (file, note)."""
    return _with_capped_uploads(_version_add)(request, case_id, document_id=document_id)


@require_GET
@screen
def download(request: HttpRequest, case_id: int, document_id: int, number: int) -> HttpResponseBase:
    """A version's file, as an attachment."""
    with transaction.atomic():
        case = _case(request, case_id)
        version = document_version_download(
            user=screen_user(request), case=case, document_id=document_id, number=number
        )
    return version_response(version)


@require_POST
@screen
def sign(request: HttpRequest, case_id: int, document_id: int, number: int) -> HttpResponse:
    """Sign a version with one's certificate, once one has confirmed it (``confirm``)."""
    user = screen_user(request)
    if request.POST.get("confirm") != "yes":
        with transaction.atomic():
            case = _case(request, case_id)
            document_version_for_signing(user=user, case=case, document_id=document_id, number=number)
            problem = _("Confirm that you sign this version.")
            return _section(request, case, sign_error=problem, sign_target=(document_id, number), status=422)
    try:
        with transaction.atomic():
            case = _case(request, case_id, for_update=True)
            version = document_version_for_signing(user=user, case=case, document_id=document_id, number=number)
            signed = document_version_sign(actor=user, version=version)
            if signed.number != number:
                message = _("You signed the document; the signed PDF is version %(number)s.") % {
                    "number": signed.number
                }
            else:
                message = _("You signed version %(number)s.") % {"number": number}
            return _done(request, case, message)
    except (NotFound, PermissionDenied):
        raise  # the screen's pages
    except ApplicationError as error:
        with transaction.atomic():
            case = _case(request, case_id)
            return _section(
                request, case, sign_error=error.message, sign_target=(document_id, number), status=error.status
            )


@require_POST
@screen
def custody_add(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    """Record a link of a document's chain of custody (action, counterpart, medium, note)."""
    user = screen_user(request)
    data = request.POST
    try:
        with transaction.atomic():
            case = _case(request, case_id, for_update=True)
            document = document_get(user=user, case=case, document_id=document_id)
            custody_record(
                actor=user,
                document=document,
                action=data.get("action", ""),
                counterpart=data.get("counterpart", ""),
                medium=data.get("medium", ""),
                note=data.get("note", ""),
            )
            return _done(request, case, _("The chain of custody is recorded."))
    except ValidationFailed as error:
        with transaction.atomic():
            case = _case(request, case_id)
            return _section(
                request, case, custody_document=document_id, custody_errors=list(error.fields.values()), status=422
            )
