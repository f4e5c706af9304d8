"""The honours API (评先评优), scoped like the pages."""

from ninja import Router

router = Router(tags=["honours"])
