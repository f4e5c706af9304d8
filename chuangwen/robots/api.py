"""Notifications to 企业微信 and 钉钉 group robots (webhooks): the API, scoped like the pages."""

from ninja import Router

router = Router(tags=["robots"])
