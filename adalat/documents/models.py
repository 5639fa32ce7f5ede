from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from adalat.cases.models import Case


class Blob(models.Model):
    """File content, named by its SHA-256 and stored once however many versions point to it."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.sha256


class Document(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents", verbose_name=_("case"))
    title = models.CharField(_("title"), max_length=300)
    # The case's stage when the document was filed: the pack may show a stage's materials only to
    # some roles. Null for documents filed before stages were recorded (seen by all on the case).
    stage = models.CharField(_("filed at the stage"), max_length=32, null=True, blank=True)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    latest_version = models.PositiveIntegerField(_("latest version"), default=1)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["case", "created_at"], name="document_case_created")]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("version"))
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="versions")
    filename = models.CharField(_("file name"), max_length=255)
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class Signature(models.Model):
    """A signature made in Adalat on a version: PAdES inside the PDF of a version made by signing
    (the signed PDF is a version of its own), or a detached CMS signature kept here, beside a
    version that it leaves unchanged."""

    class Kind(models.TextChoices):
        PADES = "pades", _("PDF signature")
        CMS = "cms", _("detached signature")

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("document version")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("signer")
    )
    certificate_serial = models.CharField(max_length=42)  # hexadecimal
    signature = models.BinaryField(blank=True)  # the detached CMS signature (DER); empty for PAdES
    made_at = models.DateTimeField(_("made"))  # by Adalat's clock; verification reads the time stamp's

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["version", "made_at", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "signer"], name="signature_once_per_signer")]

    def __str__(self) -> str:
        return f"{self.version} {self.kind}"


class CustodyEntry(models.Model):
    """One link of a document's chain of custody (a recording of an interview, a seized disk): who
    received it, copied it or handed it on, to or from whom, on what medium, and when. The content
    itself is fixed by its SHA-256 (the versions' blobs); the chain says whose hands it went through."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("received")
        COPIED = "copied", _("copied")
        HANDED_OVER = "handed_over", _("handed over")
        RETURNED = "returned", _("returned")
        EXAMINED = "examined", _("examined")

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="custody", verbose_name=_("document"))
    action = models.CharField(_("what was done"), max_length=16, choices=Action.choices)
    counterpart = models.CharField(_("from or to whom"), max_length=300)
    medium = models.CharField(_("medium"), max_length=100, blank=True)
    happened_at = models.DateTimeField(_("when"))
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("custody entry")
        verbose_name_plural = _("chain of custody")
        indexes = [models.Index(fields=["document", "happened_at"], name="custody_document")]

    def __str__(self) -> str:
        return f"{self.document_id} {self.action} {self.happened_at:%Y-%m-%d}"
