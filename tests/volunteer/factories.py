"""Builders of volunteer service rows (registered in tests/factories.py FACTORIES)."""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile


def _dept():
    from tests import factories as f

    return f._department()


def event(unit=None, *, title="学雷锋志愿服务", kind="便民服务", held_on=date(2026, 3, 5), **kw):
    from chuangwen.volunteer.models import Event

    unit = unit or _dept().unit
    return Event.objects.create(unit=unit, title=title, kind=kind, held_on=held_on, **kw)


def hours(person=None, *, served_on=date(2026, 3, 5), hours="3", **kw):
    from chuangwen.volunteer.models import ServiceHours
    from tests import factories as f

    person = person or f.person(_dept())
    return ServiceHours.objects.create(unit_id=person.unit_id, department_id=person.department_id, person=person,
                                       served_on=served_on, hours=Decimal(hours), **kw)  # fmt: skip


def volunteer(person=None, *, registered_on=date(2025, 5, 1)):
    from chuangwen.volunteer.models import Volunteer
    from tests import factories as f

    person = person or f.person(_dept())
    return Volunteer.objects.create(unit_id=person.unit_id, person=person, registered_on=registered_on)


def rule(unit=None, *, year=2026, kind="each_month", target="3"):
    from chuangwen.volunteer.models import ServiceRule

    return ServiceRule.objects.create(unit=unit or _dept().unit, year=year, kind=kind, target=Decimal(target))


def star(unit=None, *, stars=1, name="一星志愿者", min_hours="100"):
    from chuangwen.volunteer.models import StarLevel

    return StarLevel.objects.create(unit=unit or _dept().unit, stars=stars, name=name, min_hours=Decimal(min_hours))


def batch(unit=None, **kw):
    from chuangwen.volunteer.models import ImportBatch

    b = ImportBatch(unit=unit or _dept().unit, filename="志愿汇导出.xlsx", status=kw.pop("status", "validated"), **kw)
    b.file.save("import.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    b.save()
    return b


def mapping(unit=None):
    from chuangwen.volunteer.models import ImportMapping

    return ImportMapping.objects.create(unit=unit or _dept().unit, mapping={"name": "姓名"})


def photo(ev=None):
    from chuangwen.volunteer.models import EventPhoto

    p = EventPhoto(event=ev or event(), original_name="义诊.jpg", content_type="image/jpeg", size=10)
    p.file.save("x.jpg", ContentFile(b"\xff\xd8\xff"), save=False)
    p.save()
    return p


FACTORIES = {
    "volunteer.Event": lambda: event(),
    "volunteer.EventPhoto": lambda: photo(),
    "volunteer.ServiceHours": lambda: hours(),
    "volunteer.Volunteer": lambda: volunteer(),
    "volunteer.ServiceRule": lambda: rule(),
    "volunteer.StarLevel": lambda: star(),
    "volunteer.ImportBatch": lambda: batch(),
    "volunteer.ImportMapping": lambda: mapping(),
}
