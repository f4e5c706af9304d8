"""The medical ethics evaluation API (医德医风考评), scoped like the pages."""

from ninja import Router

router = Router(tags=["ethics"])
