"""The activities API (活动与学习), scoped like the pages."""

from ninja import Router

router = Router(tags=["activities"])
