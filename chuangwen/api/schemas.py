"""Shapes every app's API shares: the error answer, bounded ids, and choices as schema types.

``choice(Model.Status)`` is a field type for a model's choices whose OpenAPI component is named
after the model (``CampaignStatus``), not after the bare class name: several models call their
choices ``Status`` or ``Kind``, and components of the same name overwrite each other (the
published enum of one model would then describe another's values). chuangwen/api/openapi.py
refuses to build a schema where two components share a name."""

from functools import cache
from typing import Annotated

from django.db import models
from ninja import Field, Schema
from pydantic import WithJsonSchema
from typing_extensions import TypeAliasType

# Ids are PostgreSQL bigints (SQLite's INTEGER has the same range); a larger one cannot name a
# record, and the database refuses to compare with it.
MAX_ID = 2**63 - 1

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


@cache
def choice(choices: type[models.TextChoices]):
    """The type of a field holding one of ``choices``, published as ``<Model><Name>``."""
    name = choices.__qualname__.replace(".", "")
    schema = {"type": "string", "enum": [str(v) for v in choices.values], "title": name}
    return TypeAliasType(name, Annotated[choices, WithJsonSchema(schema)])


class FieldErrorOut(Schema):
    field: str | None = Field(description="出错的字段（客户端发送的名称）；null 表示整份请求")
    message: str = Field(description="错误说明")


class ErrorOut(Schema):
    """What every refused request answers (chuangwen/api/errors.py)."""

    message: str = Field(description="错误说明")
    errors: list[FieldErrorOut] | None = Field(None, description="各字段的错误（请求数据有误时）")
