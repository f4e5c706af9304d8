import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from chuangwen.org.models import Person
from chuangwen.party import services
from chuangwen.party.models import MeetingType
from tests import factories as f


def at(day: datetime.date, hour: int = 15) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def pw(world):
    """Hospital A's 内科党支部: secretary 陈书记 (the world's secretary user), four more members in
    two party groups; hospital C has its own branch."""
    w = world
    cpc = Person.Political.CPC
    w.sec_person = f.person(w.a_med, name="陈书记", political_status=cpc, user=w.secretary)
    w.branch = services.branch_create(user=w.office, unit=w.a, name="内科党支部", secretary=w.sec_person)
    w.g1 = services.group_create(user=w.office, branch=w.branch, name="第一党小组")
    w.g2 = services.group_create(user=w.office, branch=w.branch, name="第二党小组")
    services.member_add(user=w.office, branch=w.branch, person=w.sec_person, group=w.g1, post="secretary")
    w.members = [w.sec_person]
    for i, name in enumerate(["刘敏", "赵磊", "孙婷", "周洋"]):
        p = f.person(w.a_med, name=name, political_status=cpc)
        services.member_add(user=w.office, branch=w.branch, person=p, group=w.g1 if i < 2 else w.g2)
        w.members.append(p)
    w.c_person = f.person(w.c_med, name="吴书记", political_status=cpc)
    w.c_office = f.user("c_office")
    f.member(w.c_office, "office", unit=w.c)
    w.c_branch = services.branch_create(user=w.c_office, unit=w.c, name="临川党支部", secretary=w.c_person)
    w.types = {t.code: t for t in MeetingType.objects.all()}
    return w


@pytest.fixture
def hold(pw):
    """Record a meeting of the branch: ``hold("committee", date)``."""

    def _hold(code, day, *, group=None, user=None, recorded_on=None, **kw):
        t = pw.types[code]
        return services.meeting_create(
            user=user or pw.secretary,
            branch=pw.branch,
            type=t,
            group=group,
            title=kw.pop("title", f"{t.name}"),
            held_at=at(day),
            place="住院部三楼会议室",
            host=pw.sec_person,
            recorder=pw.members[1],
            agenda="学习传达上级精神",
            recorded_on=recorded_on or day,
            **kw,
        )

    return _hold


@pytest.fixture
def ns():
    return SimpleNamespace
