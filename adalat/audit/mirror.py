"""The second copy of every checkpoint, kept where whoever holds the database and its data folder
cannot rewrite it: a folder on another disk or host (``settings.AUDIT_CHECKPOINT_MIRROR`` is a
path), or a service that accepts them (an ``http(s)`` URL).

A URL receives each checkpoint as JSON: by POST to the URL itself, or by PUT to the URL followed
by the file's name when the URL ends with ``/`` (the way object stores and WebDAV take files).
User and password in the URL are sent as HTTP basic authentication and never logged.

A copy that cannot be made is logged and leaves the local checkpoint as it is; verification then
says that the latest checkpoint has no second copy. A folder is read back by verification; a URL
cannot be, so each copy it accepts leaves a receipt next to the local file (``<name>.mirrored``).
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from django.conf import settings
from django.utils.translation import gettext as _

from adalat.core import clock

logger = logging.getLogger(__name__)

RECEIPT_SUFFIX = ".mirrored"
TIMEOUT_SECONDS = 10


class MirrorError(Exception):
    """A mirror that is not configured right; the message says why."""


@dataclass(frozen=True)
class Mirror:
    """Where the second copies go: ``directory`` or ``url``, never both."""

    directory: Path | None = None
    url: str | None = None

    @property
    def label(self) -> str:
        """The mirror as it may be shown and logged: without the password of a URL."""
        if self.url is None:
            return str(self.directory)
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
        return urlunsplit(parts._replace(netloc=netloc))


def configured() -> Mirror | None:
    """The configured mirror, or None when there is none."""
    value = str(settings.AUDIT_CHECKPOINT_MIRROR or "").strip()
    if not value:
        return None
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    if scheme in ("http", "https"):
        return Mirror(url=value)
    if scheme:
        raise MirrorError(
            _("The checkpoint mirror %(value)s is neither a folder nor an http(s) URL.") % {"value": scheme + "://…"}
        )
    return Mirror(directory=Path(value).expanduser().resolve())


def receipt_path(path: Path) -> Path:
    return path.with_name(path.name + RECEIPT_SUFFIX)


def copy(path: Path, *, mirror: Mirror | None = None) -> str | None:
    """Copy the checkpoint file ``path`` to the mirror; why it failed, or None when it was copied
    (or when there is no mirror). A failure is logged, never raised."""
    try:
        mirror = mirror or configured()
        if mirror is None:
            return None
        body = path.read_bytes()
        if mirror.url is not None:
            _send(mirror.url, path, body)
        elif mirror.directory is not None:
            _copy_to_folder(mirror.directory, path.name, body)
    except (MirrorError, OSError, urllib.error.URLError, ValueError) as exc:
        problem = _problem(exc)
        logger.error(
            "The audit checkpoint %s has no copy in the mirror %s: %s",
            path.name,
            mirror.label if mirror else settings.AUDIT_CHECKPOINT_MIRROR,
            problem,
        )
        return problem
    return None


def has_copy(path: Path, *, mirror: Mirror) -> bool:
    """Whether the checkpoint file ``path`` has its copy in ``mirror``: the same bytes under the
    same name in a folder, or a receipt of the URL."""
    if mirror.url is not None:
        return receipt_path(path).is_file()
    if mirror.directory is None:
        return False
    try:
        return (mirror.directory / path.name).read_bytes() == path.read_bytes()
    except OSError:
        return False


def _problem(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return _("the mirror answered %(status)s %(reason)s.") % {"status": exc.code, "reason": exc.reason}
    if isinstance(exc, urllib.error.URLError):
        return _("the mirror cannot be reached: %(reason)s.") % {"reason": exc.reason}
    if isinstance(exc, OSError):
        return _("the mirror cannot be written: %(error)s.") % {"error": exc.strerror or exc}
    return str(exc)


def _copy_to_folder(directory: Path, name: str, body: bytes) -> None:
    """Write ``body`` as ``directory/name``, durably, never over another file."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".audit-checkpoint-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        try:
            os.link(temporary, target)
        except FileExistsError:
            if target.read_bytes() != body:
                raise MirrorError(_("another file named %(name)s is already in the mirror.") % {"name": name}) from None
    finally:
        os.unlink(temporary)
    fsync_folder(directory)


def fsync_folder(directory: Path) -> None:
    """Make a new name in ``directory`` survive a power loss (where the system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _send(url: str, path: Path, body: bytes) -> None:
    """POST the checkpoint to ``url``, or PUT it under the URL when that ends with ``/``; any
    answer but 2xx is a failure. A receipt is written next to ``path`` when it was accepted."""
    parts = urlsplit(url)
    headers = {"Content-Type": "application/json", "X-Adalat-Checkpoint": path.name}
    if parts.username is not None:
        credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode()
    host = parts.hostname or ""
    bare = urlunsplit(parts._replace(netloc=f"{host}:{parts.port}" if parts.port else host))
    method = "PUT" if parts.path.endswith("/") else "POST"
    target = bare + quote(path.name) if method == "PUT" else bare
    request = urllib.request.Request(target, data=body, method=method, headers=headers)  # noqa: S310 (http(s) only)
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        status = response.status
    if not 200 <= status < 300:
        raise MirrorError(_("the mirror answered %(status)s.") % {"status": status})
    label = Mirror(url=url).label
    receipt = receipt_path(path)
    receipt.write_text(f"{method} {label} {status} {clock.iso_utc(clock.now())}\n", encoding="utf-8")
