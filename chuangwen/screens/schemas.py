"""API shapes of the screens app: kiosk links (never their token, but once, when created)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from chuangwen.api.schemas import Id


class LinkOut(Schema):
    id: int
    label: str
    unit_id: int | None = Field(description="显示的医院（与 region_id 二选一）")
    region_id: int | None = Field(description="显示的区域（卫健委大屏）")
    prefix: str = Field(description="令牌的前几位字符，用于辨认")
    refresh_seconds: int
    expires_at: datetime
    revoked_at: datetime | None
    created_at: datetime
    is_active: bool


class LinkIn(Schema):
    label: str = Field(min_length=1, max_length=60, description="名称，例如“创建办大屏”")
    unit: Id | None = Field(None, description="医院（创建办），与 region 二选一")
    region: Id | None = Field(None, description="区域（卫健委），与 unit 二选一")
    days: int = Field(365, ge=1, le=366, description="有效天数")
    refresh_seconds: int = Field(30, ge=10, le=3600, description="刷新间隔（秒）")


class LinkCreatedOut(Schema):
    link: LinkOut
    url: str = Field(description="大屏地址（只返回这一次）")
