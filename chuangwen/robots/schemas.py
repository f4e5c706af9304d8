"""Input and output shapes of the robots API, with the Chinese term of each field. Webhook
addresses are shown without their key or token and secrets never leave the server."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, FilterLookup, FilterSchema, Schema

from chuangwen.api.schemas import Id


class RobotOut(Schema):
    id: int
    unit_id: int
    department_id: int | None = Field(description="科室 id；空为全院群")
    name: str = Field(description="名称（群名）")
    provider: Literal["wecom", "dingtalk"] = Field(description="平台：wecom 企业微信，dingtalk 钉钉")
    webhook: str = Field(description="Webhook 地址（不含 key / access_token）")
    signed: bool = Field(description="已保存钉钉加签密钥")
    kinds: list[str] = Field(description="接收的通知类型")
    is_active: bool = Field(description="启用")

    @staticmethod
    def resolve_webhook(obj) -> str:
        return obj.masked_url

    @staticmethod
    def resolve_signed(obj) -> bool:
        return bool(obj.secret)


class RobotIn(Schema):
    name: str = Field(max_length=60, description="名称（群名）")
    department: Id | None = Field(None, description="科室 id；空为全院群")
    provider: Literal["wecom", "dingtalk"]
    webhook_url: str = Field(max_length=500, description="Webhook 地址（qyapi.weixin.qq.com / oapi.dingtalk.com）")
    secret: str = Field("", max_length=200, description="钉钉加签密钥（SEC 开头）")
    kinds: list[str] | None = Field(None, max_length=50, description="接收的通知类型；省略为默认三类")
    is_active: bool = False


class RobotPatch(Schema):
    name: str | None = Field(None, max_length=60)
    department: Id | None = None
    webhook_url: str | None = Field(None, max_length=500, description="新地址；省略则保留")
    secret: str | None = Field(None, max_length=200, description="新密钥；空字符串删除密钥；省略则保留")
    kinds: list[str] | None = Field(None, max_length=50)
    is_active: bool | None = None


class DeliveryOut(Schema):
    id: int
    robot_id: int
    unit_id: int
    kind: str = Field(description="通知类型")
    title: str = Field(description="消息标题")
    status: Literal["pending", "retrying", "sent", "failed"] = Field(description="状态：待发送、重试中、已发送、失败")
    attempts: int = Field(description="已尝试次数")
    last_error: str = Field(description="最近一次失败原因")
    next_try_at: datetime | None = Field(description="下次重试时间")
    sent_at: datetime | None
    created_at: datetime


class DeliveryFilter(FilterSchema):
    status: Literal["pending", "retrying", "sent", "failed"] | None = None
    robot: Annotated[Id | None, FilterLookup("robot_id")] = None
