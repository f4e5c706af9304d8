"""The volunteer service API (志愿服务), scoped like the pages."""

from ninja import Router

router = Router(tags=["volunteer"])
