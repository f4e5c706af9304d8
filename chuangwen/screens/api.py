"""Big screens (数据大屏) opened by signed kiosk links: the API, scoped like the pages."""

from ninja import Router

router = Router(tags=["screens"])
