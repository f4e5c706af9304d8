"""The inspection materials API (迎检材料), scoped like the pages."""

from ninja import Router

router = Router(tags=["reports"])
