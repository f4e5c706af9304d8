"""The standards API: list, tree, import (multipart), new version, adapt, publish, retire and
editing items of drafts, scoped exactly like the pages (outside the scope is 404)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from chuangwen.api.access import get_changeable, get_visible, referenced, visible
from chuangwen.api.errors import field_error
from chuangwen.api.pagination import Pagination
from chuangwen.api.schemas import Id
from chuangwen.org.models import Unit

from . import selectors, services
from .importers import StandardImportError, read_xlsx, read_yaml
from .models import Item, Standard
from .rules import describe_rule
from .schemas import (
    AdaptIn,
    ImportErrorOut,
    ItemOut,
    ItemPatch,
    StandardFilter,
    StandardOut,
    StandardTreeOut,
)
from .scoring_rules import describe_scoring

router = Router(tags=["standards"])


def _standards():
    return selectors.standard_list_base()


def _level_out(level, node) -> dict:
    return {
        "id": level.pk,
        "code": level.code,
        "title": level.title,
        "points": node.points,
        "declared_points": level.points,
        "children_rule": level.children_rule,
    }


def _item_out(item: Item) -> dict:
    return {
        "id": item.pk,
        "code": item.code,
        "title": item.title,
        "points": item.points,
        "methods": item.methods,
        "materials": item.materials,
        "rules": item.rules,
        "rule_labels": [describe_rule(r) for r in item.rules],
        "scoring": item.scoring,
        "scoring_label": describe_scoring(item.scoring) if item.scoring else "",
        "section_id": item.section_id,
    }


def _tree_out(request, pk: int) -> Standard:
    """The standard (through the scope) with its tree attached for ``StandardTreeOut``."""
    standard = get_visible(request, _standards(), pk)
    detail = selectors.standard_tree(standard)
    standard.tree = {
        "aspects": [
            {
                **_level_out(a.aspect, a),
                "indicators": [
                    {
                        **_level_out(i.indicator, i),
                        "implicit": i.indicator.implicit,
                        "sections": [
                            {**_level_out(s.section, s), "items": [_item_out(item) for item in s.items]}
                            for s in i.sections
                        ],
                        "items": [_item_out(item) for item in i.items],
                    }
                    for i in a.indicators
                ],
            }
            for a in detail.aspects
        ],
        "changed_item_ids": sorted(detail.changed),
        "added_item_ids": sorted(detail.added),
    }
    return standard


@router.get("/standards", response=list[StandardOut], summary="测评体系列表")
@paginate(Pagination)
def standard_list(request, filters: Query[StandardFilter]):
    return filters.filter(visible(request, _standards()))


@router.get("/standards/{int:standard_id}", response=StandardTreeOut, summary="测评体系详情（方面 → 指标 → 项目）")
def standard_detail(request, standard_id: int):
    return _tree_out(request, standard_id)


@router.post(
    "/standards/import",
    response={201: StandardTreeOut, 422: ImportErrorOut},
    summary="导入测评体系（.xlsx 或 YAML，整份校验，有错不写入）",
)
def standard_import(
    request,
    file: File[UploadedFile],
    name: Form[str] = "",
    version: Form[str] = "",
    level: Form[str] = "",
    owner_unit: Form[Id | None] = None,
):
    units = selectors.owner_units_for(request.auth_user)
    if owner_unit is None:
        candidates = list(units[:2])
        if len(candidates) != 1:
            if not candidates:
                raise PermissionDenied
            raise field_error("owner_unit", _("Choose the unit that owns the standard."))
        unit = candidates[0]
    else:
        unit = referenced(request, Unit.objects.all(), owner_unit, "owner_unit", _("Unit not found."))
        if not units.filter(pk=unit.pk).exists():
            raise PermissionDenied
    try:
        is_yaml = (file.name or "").lower().endswith((".yaml", ".yml"))
        tree = (read_yaml if is_yaml else read_xlsx)(file, owner_unit=unit)
    except StandardImportError as exc:
        return Status(
            422,
            {
                "message": exc.message,
                "errors": [
                    {"field": p.where, "row": p.row, "column": p.field, "message": p.message} for p in exc.problems
                ],
            },
        )
    standard = services.standard_import(
        tree=tree, owner_unit=unit, user=request.auth_user, name=name, version=version, level=level
    )
    return Status(201, _tree_out(request, standard.pk))


@router.post(
    "/standards/{int:standard_id}/new-version", response={201: StandardTreeOut}, summary="复制为新版本（草稿）"
)
def standard_new_version(request, standard_id: int):
    standard = get_changeable(request, Standard.objects.all(), standard_id)
    copy = services.standard_new_version(standard=standard, user=request.auth_user)
    return Status(201, _tree_out(request, copy.pk))


@router.post("/standards/{int:standard_id}/publish", response=StandardTreeOut, summary="发布（发布后只读）")
def standard_publish(request, standard_id: int):
    standard = get_changeable(request, Standard.objects.all(), standard_id)
    services.standard_publish(standard=standard, user=request.auth_user)
    return _tree_out(request, standard_id)


@router.post("/standards/{int:standard_id}/retire", response=StandardTreeOut, summary="停用")
def standard_retire(request, standard_id: int):
    standard = get_changeable(request, Standard.objects.all(), standard_id)
    services.standard_retire(standard=standard, user=request.auth_user)
    return _tree_out(request, standard_id)


@router.post("/standards/{int:standard_id}/discard", response=StandardOut, summary="作废草稿（不再列出，数据保留）")
def standard_discard(request, standard_id: int):
    standard = get_changeable(request, Standard.objects.all(), standard_id)
    services.standard_discard(standard=standard, user=request.auth_user)
    return selectors.standard_list_base(discarded=True).get(pk=standard_id)


@router.post(
    "/standards/{int:standard_id}/adapt", response={201: StandardTreeOut}, summary="细化为本院测评体系（草稿）"
)
def standard_adapt(request, standard_id: int, payload: AdaptIn):
    standard = get_visible(request, Standard.objects.all(), standard_id)
    unit = referenced(request, Unit.objects.all(), payload.unit, "unit", _("Unit not found."))
    if not selectors.owner_units_for(request.auth_user).filter(pk=unit.pk, kind=Unit.Kind.HOSPITAL).exists():
        raise PermissionDenied
    copy = services.standard_adapt(standard=standard, unit=unit, user=request.auth_user)
    return Status(201, _tree_out(request, copy.pk))


@router.patch("/items/{int:item_id}", response=ItemOut, summary="修改测评项目（仅草稿）")
def item_update(request, item_id: int, payload: ItemPatch):
    standards = Standard.objects.visible_to(request.auth_user)
    item = Item.objects.select_related("standard").filter(pk=item_id, standard__in=standards).first()
    if item is None:
        raise Http404
    get_changeable(request, Standard.objects.all(), item.standard_id)
    item = services.item_update(item=item, user=request.auth_user, **payload.dict(exclude_unset=True))
    return _item_out(item)
