"""The party branches API (党建工作), scoped like the pages."""

from ninja import Router

router = Router(tags=["party"])
