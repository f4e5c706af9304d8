"""One mechanism for every generated Word document: kinds registered by name, a built-in default
template per kind, the office's own versions (download, change in Word, upload back), the check
that an upload renders, and the sandboxed rendering itself.

A kind (``Kind``) says what it is called, how its default template is built, which fields a
template may use and sample values for them (an upload is rendered once with those: a template
with a syntax error or an unknown field is refused with the reason), and who may upload one. The
plan (``reports.plan``) and the bulletin (``inspections.bulletin_templates``) register here;
the summary, the ethics 考评表 and the honour and volunteer certificates register the same way
(``register(Kind(...))`` in their app's ``AppConfig.ready``) and then get the templates page,
the upload check and the versions for free.

Versions live in ``DocumentTemplate`` (unit, kind, version). A kind may keep an older table of
its own with the same fields (``Kind.model``): the bulletins keep ``inspections.BulletinTemplate``
because every ``Bulletin`` row points (PROTECT) at the version it was made from; moving those
rows would rewrite that key on every bulletin for no gain to anyone. Templates run in Jinja's
sandbox with strict undefined names, so an uploaded template can neither reach Python objects
nor silently drop a field."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import docx
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from chuangwen.audit.services import download_record
from chuangwen.core import files
from chuangwen.core.roles import CHANGE
from chuangwen.core.safe_files import UnsafeFile, check_office_zip
from chuangwen.core.scoping import can_in_unit
from chuangwen.org.models import Unit

from .pdf import ConversionFailed, docx_to_pdf

logger = logging.getLogger(__name__)
MAX_BYTES = 5 * 1024 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Kind:
    """A kind of generated document (工作方案, 通报 ...)."""

    name: str  # stable code, in URLs and ``DocumentTemplate.kind``
    label: str  # what the office calls it (translated)
    default: Callable[[], bytes]  # the built-in template's .docx bytes
    sample: Callable[[], dict]  # fields shaped like a real document's, for the upload check
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, what it holds), for the page
    model: str = "reports.DocumentTemplate"  # the versions' table (same fields as DocumentTemplate)
    can_upload: Callable | None = None  # (user, unit) -> bool; default: the unit's campaign office
    order: int = 100

    @property
    def template_model(self):
        return apps.get_model(self.model)

    def versions(self, unit: Unit):
        """Every stored version of ``unit``'s template of this kind, newest first."""
        qs = self.template_model.objects.filter(unit=unit)
        if self.model == "reports.DocumentTemplate":
            qs = qs.filter(kind=self.name)
        return qs.order_by("-version")

    def may_upload(self, user, unit: Unit) -> bool:
        if self.can_upload is not None:
            return self.can_upload(user, unit)
        return can_in_unit(user, apps.get_model("reports.DocumentTemplate"), unit, CHANGE)


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Make ``kind`` known (idempotent for the same name: the last registration wins)."""
    KINDS[kind.name] = kind
    return kind


def kind_get(name: str) -> Kind | None:
    return KINDS.get(name)


def kinds() -> list[Kind]:
    return sorted(KINDS.values(), key=lambda k: (k.order, k.name))


# --- reading ---------------------------------------------------------------------------------


def current_template(kind: Kind, unit: Unit | None):
    """The newest version of ``unit``'s template of ``kind``, or None (the default applies)."""
    if unit is None:
        return None
    return kind.versions(unit).first()


def current_templates(kinds_: list[Kind], unit: Unit | None) -> dict[str, object]:
    """The newest version of each of ``kinds_`` for ``unit`` (kind name → version, or None: the
    default applies), in one query per versions' table whatever the number of kinds."""
    found: dict[str, object] = {k.name: None for k in kinds_}
    if unit is None:
        return found
    by_model: dict[str, list[Kind]] = {}
    for k in kinds_:
        by_model.setdefault(k.model, []).append(k)
    for model, group in by_model.items():
        qs = apps.get_model(model).objects.filter(unit=unit)
        if model == "reports.DocumentTemplate":
            newest = {}
            for t in qs.filter(kind__in=[k.name for k in group]).order_by("kind", "-version"):
                newest.setdefault(t.kind, t)
            found.update(newest)
        else:  # a kind's own table holds that kind only
            found[group[0].name] = qs.order_by("-version").first()
    return found


def template_content(kind: Kind, template) -> bytes:
    """The .docx bytes of a stored version, or of the kind's default template."""
    if template is None:
        return kind.default()
    with template.file.open("rb") as fh:
        return fh.read()


@dataclass(frozen=True)
class Picture:
    """A field holding an image (a chart): printed where the template says ``{{ name }}``."""

    content: bytes
    width_cm: float = 15.0


def render_template(tpl: DocxTemplate, fields: dict) -> bytes:
    """Render ``tpl`` with ``fields`` (sandboxed, strict, XML-escaped) and return the .docx.
    Top-level ``Picture`` fields become docxtpl inline images of this template."""
    fields = {
        name: InlineImage(tpl, io.BytesIO(value.content), width=Cm(value.width_cm))
        if isinstance(value, Picture)
        else value
        for name, value in fields.items()
    }
    environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    tpl.render(fields, jinja_env=environment, autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def render(kind: Kind, template, fields: dict) -> bytes:
    """A document of ``kind`` from ``template`` (a stored version, or None: the default)."""
    return render_template(DocxTemplate(io.BytesIO(template_content(kind, template))), fields)


def render_current(kind: Kind | str, unit: Unit | None, fields: dict) -> bytes:
    """A document of ``kind`` from ``unit``'s current template (its newest version, or the default)."""
    kind = kind_get(kind) if isinstance(kind, str) else kind
    return render(kind, current_template(kind, unit), fields)


def download(
    content: bytes, name: str, *, pdf: bool = False, unavailable: str = "", request=None, target=None, kind: str = ""
) -> HttpResponse:
    """A generated .docx as an attachment ``name``.docx, or (``pdf``) converted by
    ``reports.pdf.docx_to_pdf`` as ``name``.pdf. When LibreOffice is missing or fails, a 503 with
    ``unavailable`` (the caller's message, in its words) instead: never a 500. With ``request``,
    the download of ``target`` is written in the audit log as ``kind`` (``…_pdf`` for the PDF)."""
    content_type, extension = DOCX_TYPE, "docx"
    if pdf:
        try:
            content = docx_to_pdf(content)
        except (ConversionFailed, OSError):
            logger.warning("PDF of %s could not be made", name, exc_info=True)
            return HttpResponse(unavailable or "PDF", status=503, content_type="text/plain; charset=utf-8")
        content_type, extension = "application/pdf", "pdf"
    filename = f"{name}.{extension}"
    if request is not None:
        download_record(request=request, target=target, kind=kind + ("_pdf" if pdf else ""), filename=filename)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0"
    return response


# --- uploading -------------------------------------------------------------------------------


def _refused(kind: Kind, reason: str) -> ValidationError:
    message = _("The template cannot make a %(kind)s: %(reason)s.") % {"kind": kind.label, "reason": reason}
    return ValidationError({"file": message})


def template_check(kind: Kind, content: bytes) -> None:
    """Render ``content`` with the kind's sample fields; refuse it (``ValidationError`` on
    ``file``) with the reason when it does not render or the result is not a readable document."""
    try:
        result = render_template(DocxTemplate(io.BytesIO(content)), kind.sample())
        docx.Document(io.BytesIO(result))
    except TemplateSyntaxError as exc:
        reason = _("a tag is written wrongly near line %(line)s (%(detail)s)") % {
            "line": exc.lineno,
            "detail": exc.message,
        }
        raise _refused(kind, reason) from None
    except UndefinedError as exc:
        reason = _("it uses a field that does not exist (%(detail)s); the fields are: %(fields)s") % {
            "detail": exc.message,
            "fields": ", ".join(name for name, _label in kind.fields),
        }
        raise _refused(kind, reason) from None
    except Exception as exc:  # noqa: BLE001 - any other failure (bad XML, a broken part) is a refusal too
        raise _refused(kind, f"{type(exc).__name__}: {exc}"[:300]) from None


@transaction.atomic
def template_upload(*, user, unit: Unit, kind: Kind, upload):
    """Store ``upload`` as the next version of ``unit``'s template of ``kind``, after checking that
    the user may (``Kind.may_upload``), that the file is a safe .docx within ``MAX_BYTES``, and
    that it renders with the kind's sample fields. Every refusal is a ``ValidationError`` on
    ``file`` that says why; nothing is stored then."""
    if not kind.may_upload(user, unit):
        raise PermissionDenied
    prepared = files.prepare_upload(
        upload,
        allowed={"docx"},
        max_bytes=MAX_BYTES,
        refusal=_("The file “%(name)s” is not a Word document (.docx); it cannot be a template."),
    )
    with prepared:
        with open(prepared.path, "rb") as fh:
            content = fh.read()
        try:
            check_office_zip(io.BytesIO(content), filename=prepared.original_name)
        except UnsafeFile as exc:
            raise ValidationError({"file": exc.message}) from None
        template_check(kind, content)
        Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one version number at a time
        last = kind.versions(unit).aggregate(n=Max("version"))["n"] or 0
        template = kind.template_model(
            unit=unit, version=last + 1, original_name=prepared.original_name, sha256=prepared.sha256, uploaded_by=user
        )
        if kind.model == "reports.DocumentTemplate":
            template.kind = kind.name
        template.file.save("template.docx", ContentFile(content), save=False)
        template.full_clean()
        template.save()
    return template


def template_filename(kind: Kind, unit: Unit, template) -> str:
    """The download name: Chinese whatever the interface language, as the documents are."""
    suffix = f"（第{template.version}版）" if template else "（默认）"
    return f"{unit.name}{kind.label}模板{suffix}.docx"
