"""The bureau's ranking of its units (卫健委排名): the API, scoped like the pages."""

from ninja import Router

router = Router(tags=["ranking"])
