"""Big screens (数据大屏) opened by signed kiosk links: the API, scoped like the pages (another
hospital's link is 404; one the caller sees but does not keep is 403 to revoke)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from chuangwen.api.access import get_changeable, referenced
from chuangwen.api.errors import field_error
from chuangwen.api.pagination import Pagination
from chuangwen.api.schemas import ErrorOut
from chuangwen.core.lookups import NOT_FOUND

from . import selectors, services
from .schemas import LinkCreatedOut, LinkIn, LinkOut

router = Router(tags=["screens"])


@router.get("/links", response=list[LinkOut], summary="大屏链接")
@paginate(Pagination)
def link_list(request):
    return selectors.visible_links(request.auth_user)


@router.post(
    "/links",
    response={201: LinkCreatedOut, 403: ErrorOut, 422: ErrorOut},
    summary="新建大屏链接（地址只返回这一次）",
)
def link_create(request, body: LinkIn):
    user = request.auth_user
    if (body.unit is None) == (body.region is None):
        raise field_error("unit", _("A big-screen link shows either one unit or one region."))
    where = {}
    if body.unit is not None:
        where["unit"] = referenced(request, selectors.units_user_can_screen(user), body.unit, "unit")
    else:
        region = selectors.regions_user_can_screen(user).filter(pk=body.region).first()
        if region is None:
            raise field_error("region", str(NOT_FOUND))
        where["region"] = region
    link, token = services.link_create(
        user=user,
        label=body.label,
        expires_at=services.end_of_day_after(body.days),
        refresh_seconds=body.refresh_seconds,
        **where,
    )
    return Status(201, {"link": link, "url": request.build_absolute_uri(reverse("screens:kiosk", args=[token]))})


@router.post(
    "/links/{int:link_id}/revoke",
    response={200: LinkOut, 403: ErrorOut, 404: ErrorOut},
    summary="吊销大屏链接",
)
def link_revoke(request, link_id: int):
    link = get_changeable(request, selectors.visible_links(request.auth_user), link_id)
    return services.link_revoke(link=link, by=request.auth_user)
