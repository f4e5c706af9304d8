"""Input and output shapes of the org API, with the Chinese term of each field."""

from datetime import date
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Schema

from chuangwen.api.schemas import Id, choice

from .models import Department, Person, Unit


class UnitOut(Schema):
    id: int
    name: str = Field(description="单位名称")
    short_name: str = Field(description="简称")
    code: str = Field(description="单位编码")
    kind: choice(Unit.Kind) = Field(description="类型：医院 / 卫生健康行政部门")
    category: choice(Unit.Category) = Field(description="类别")
    grade: str = Field(description="等级，如 二级甲等")
    region_id: int = Field(description="行政区划 id")
    region_name: str = Field(description="行政区划名称")
    address: str = Field(description="地址")
    is_active: bool = Field(description="是否启用")

    @staticmethod
    def resolve_region_name(obj) -> str:
        return obj.region.name


class DepartmentOut(Schema):
    id: int
    unit_id: int = Field(description="所属单位 id")
    unit_name: str = Field(description="所属单位名称")
    name: str = Field(description="科室名称")
    code: str = Field(description="科室编码")
    kind: choice(Department.Kind) = Field(description="科室类别：临床 / 医技 / 行政 / 后勤")
    head_id: int | None = Field(description="科室负责人（职工 id）")
    head_name: str | None = Field(description="科室负责人姓名")
    phone: str = Field(description="联系电话")
    location: str = Field(description="位置")
    sort_order: int = Field(description="排序")
    is_active: bool = Field(description="是否启用")

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_head_name(obj) -> str | None:
        return obj.head.name if obj.head_id else None


class DepartmentIn(Schema):
    unit: Id = Field(description="所属单位 id（须为本人可管理的单位）")
    name: str = Field(description="科室名称，单位内唯一")
    code: str = Field("", description="科室编码")
    kind: choice(Department.Kind) = Field(Department.Kind.CLINICAL, description="科室类别")
    head: Id | None = Field(None, description="科室负责人（本单位职工 id）")
    phone: str = Field("", description="联系电话")
    location: str = Field("", description="位置")
    sort_order: int = Field(0, ge=0, description="排序")
    is_active: bool = Field(True, description="是否启用")


class DepartmentPatch(Schema):
    """Only the fields sent are changed; the unit of a department never changes. ``null`` is refused
    except where it says what it clears."""

    name: str = Field(None, description="科室名称")
    code: str = Field(None, description="科室编码")
    kind: choice(Department.Kind) = Field(None, description="科室类别")
    head: Id | None = Field(None, description="科室负责人（本单位职工 id），null 表示清空")
    phone: str = Field(None, description="联系电话")
    location: str = Field(None, description="位置")
    sort_order: int = Field(None, ge=0, description="排序")
    is_active: bool = Field(None, description="是否启用")


class PersonOut(Schema):
    id: int
    unit_id: int = Field(description="所属单位 id")
    unit_name: str = Field(description="所属单位名称")
    department_id: int = Field(description="所在科室 id")
    department_name: str = Field(description="所在科室名称")
    employee_no: str = Field(description="工号")
    name: str = Field(description="姓名")
    gender: str = Field(description="性别：M 男 / F 女 / 空")
    title: str = Field(description="职称")
    position: str = Field(description="职务")
    phone: str = Field(description="手机")
    political_status: choice(Person.Political) = Field(description="政治面貌")
    hired_on: date | None = Field(description="入职日期")
    is_active: bool = Field(description="是否在职")
    user_id: int | None = Field(description="关联的登录账号 id")

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_department_name(obj) -> str:
        return obj.department.name


class PersonIn(Schema):
    unit: Id = Field(description="所属单位 id（须为本人可管理的单位）")
    department: Id = Field(description="所在科室 id（须属于该单位）")
    employee_no: str = Field(description="工号，单位内唯一")
    name: str = Field(description="姓名")
    gender: choice(Person.Gender) | None = Field(None, description="性别：M 男 / F 女")
    title: str = Field("", description="职称")
    position: str = Field("", description="职务")
    phone: str = Field("", description="手机或固定电话")
    political_status: choice(Person.Political) = Field(Person.Political.MASSES, description="政治面貌")
    hired_on: date | None = Field(None, description="入职日期")
    is_active: bool = Field(True, description="是否在职")


class PersonPatch(Schema):
    """Only the fields sent are changed; a person stays in their unit. ``null`` is refused
    except where it says what it clears."""

    department: Id = Field(None, description="所在科室 id（须属于同一单位）")
    employee_no: str = Field(None, description="工号")
    name: str = Field(None, description="姓名")
    gender: choice(Person.Gender) | None = Field(None, description="性别：M 男 / F 女")
    title: str = Field(None, description="职称")
    position: str = Field(None, description="职务")
    phone: str = Field(None, description="手机或固定电话")
    political_status: choice(Person.Political) = Field(None, description="政治面貌")
    hired_on: date | None = Field(None, description="入职日期，null 表示清空")
    is_active: bool = Field(None, description="是否在职")


class UserOut(Schema):
    id: int
    username: str = Field(description="登录名")
    display_name: str = Field(description="显示名")
    is_superuser: bool = Field(description="是否超级管理员")


class MembershipOut(Schema):
    id: int
    role: str = Field(description="角色")
    scope: str = Field(description="范围：region 区域 / unit 单位 / department 科室 / self 本人")
    label: str = Field(description="角色与范围的说明")
    unit_id: int | None = Field(description="单位 id")
    department_id: int | None = Field(description="科室 id")


class MeOut(Schema):
    user: UserOut
    roles: list[str] = Field(description="本人持有的角色")
    memberships: list[MembershipOut] = Field(description="角色及其范围")
    person: PersonOut | None = Field(description="关联的职工档案")


class UnitFilter(FilterSchema):
    q: Annotated[str | None, FilterLookup(["name__contains", "short_name__contains", "code__startswith"])] = Field(
        None, description="名称、简称或编码"
    )
    category: Annotated[choice(Unit.Category) | None, FilterLookup("category")] = Field(None, description="类别")


class DepartmentFilter(FilterSchema):
    unit: Annotated[Id | None, FilterLookup("unit_id")] = Field(None, description="单位 id")
    kind: Annotated[choice(Department.Kind) | None, FilterLookup("kind")] = Field(None, description="科室类别")
    q: Annotated[str | None, FilterLookup("name__contains")] = Field(None, description="科室名称")


class PersonFilter(FilterSchema):
    unit: Annotated[Id | None, FilterLookup("unit_id")] = Field(None, description="单位 id")
    department: Annotated[Id | None, FilterLookup("department_id")] = Field(None, description="科室 id")
    q: Annotated[str | None, FilterLookup(["name__contains", "employee_no", "phone"])] = Field(
        None, description="姓名、工号或手机"
    )
    political_status: Annotated[choice(Person.Political) | None, FilterLookup("political_status")] = Field(
        None, description="政治面貌"
    )
    is_active: Annotated[bool | None, FilterLookup("is_active")] = Field(None, description="是否在职")
