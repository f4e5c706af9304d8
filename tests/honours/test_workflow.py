"""Leadership review within the quota → 公示 for 7 working days (the holiday calendar) with
objections received and answered → the published list, certificates, and the honours in the
ledger (once) and on the person's page."""

import datetime
import io
import shutil

import docx
import pytest
from django.core.exceptions import ValidationError

from chuangwen.core.workdays import add_working_days
from chuangwen.honours import certificates, services
from chuangwen.honours.models import Nomination, Selection
from chuangwen.scoring.models import LedgerEntry, Source
from tests import factories as f

MON = datetime.date(2026, 12, 7)


@pytest.fixture
def rw(hw):
    """Three nurses nominated and the selection in leadership review (quota 2)."""
    w = hw
    w.nurse_type.quota_value = 2
    w.nurse_type.save()
    w.noms = [f.nomination(w.sel, person_=p, honour_type_=w.nurse_type) for p in w.nurses[:3]]
    services.selection_start_review(user=w.office, selection=w.sel)
    w.sel.refresh_from_db()
    return w


def _review(w, n, approve=True, note=""):
    return services.nomination_review(user=w.office, nomination=n, approve=approve, note=note)


def test_the_quota_is_kept_by_the_review(rw):
    _review(rw, rw.noms[0])
    _review(rw, rw.noms[1])
    with pytest.raises(ValidationError, match="2"):
        _review(rw, rw.noms[2])
    with pytest.raises(ValidationError):  # a rejection needs a note
        _review(rw, rw.noms[2], approve=False)
    assert _review(rw, rw.noms[2], approve=False, note="票数未过半").status == Nomination.Status.REJECTED


def test_quota_shares_round_down_with_at_least_one(hw):
    # 3 CPC members in A at 10%: 0.3, at least one
    assert services.quota_for(hw.party_type, hw.a) == 1
    hw.party_type.quota_kind, hw.party_type.quota_value = "staff_percent", 50
    assert services.quota_for(hw.party_type, hw.a) == 2  # 5 staff in A at 50%: 2.5


def test_a_veto_found_during_review_refuses_the_approval(rw, marks):
    marks({rw.nurses[0].pk: "一票否决：索要患者财物"})
    with pytest.raises(ValidationError, match="索要患者财物"):
        _review(rw, rw.noms[0])


def test_publicity_lasts_the_working_days_and_takes_objections(rw):
    _review(rw, rw.noms[0])
    _review(rw, rw.noms[1])
    sel = services.publicity_start(user=rw.office, selection=rw.sel, today=MON)
    assert sel.publicity_until == add_working_days(MON, 7) == datetime.date(2026, 12, 16)
    objection = services.objection_submit(
        user=rw.staff, nomination=rw.noms[1], text="该同志本年度曾被患者投诉。", today=MON
    )
    with pytest.raises(ValidationError):  # a nominee not on the list
        services.objection_submit(user=rw.staff, nomination=rw.noms[2], text="x", today=MON)
    with pytest.raises(ValidationError):  # after the 公示
        services.objection_submit(user=rw.staff, nomination=rw.noms[0], text="x", today=datetime.date(2026, 12, 17))
    with pytest.raises(ValidationError, match="公示"):
        services.selection_publish(user=rw.office, selection=sel, today=datetime.date(2026, 12, 16))
    with pytest.raises(ValidationError, match="objection|异议"):
        services.selection_publish(user=rw.office, selection=sel, today=datetime.date(2026, 12, 17))
    services.objection_answer(user=rw.office, objection=objection, answer="经核实投诉不属实。", upheld=False)
    with pytest.raises(ValidationError):
        services.objection_answer(user=rw.office, objection=objection, answer="again", upheld=True)
    sel = services.selection_publish(user=rw.office, selection=sel, today=datetime.date(2026, 12, 17))
    assert sel.status == Selection.Status.PUBLISHED
    awarded = Nomination.objects.filter(status=Nomination.Status.AWARDED).order_by("id")
    assert [n.pk for n in awarded] == [rw.noms[0].pk, rw.noms[1].pk]
    assert [n.certificate_no for n in awarded] == [f"2026-{sel.pk:03d}-001", f"2026-{sel.pk:03d}-002"]


def test_an_upheld_objection_takes_the_nominee_off(rw):
    _review(rw, rw.noms[0])
    services.publicity_start(user=rw.office, selection=rw.sel, today=MON)
    o = services.objection_submit(user=rw.staff, nomination=rw.noms[0], text="收受红包属实。", today=MON)
    services.objection_answer(user=rw.office, objection=o, answer="经查属实，取消推荐。", upheld=True)
    rw.noms[0].refresh_from_db()
    assert rw.noms[0].status == Nomination.Status.REJECTED and "属实" in rw.noms[0].review_note


def _publish(w, today=datetime.date(2026, 12, 17)):
    services.publicity_start(user=w.office, selection=w.sel, today=MON)
    w.sel.refresh_from_db()
    return services.selection_publish(user=w.office, selection=w.sel, today=today)


def test_publication_writes_the_ledger_bonus_once(rw):
    rw.nurse_type.department_bonus_points = 2
    rw.nurse_type.save()
    _review(rw, rw.noms[0])
    _publish(rw)
    entries = LedgerEntry.objects.filter(source=Source.HONOUR).order_by("key")
    n = rw.noms[0]
    assert [(e.key, e.person_id, e.department_id, e.points) for e in entries] == [
        (f"honour:{n.pk}", n.person_id, n.department_id, 1),
        (f"honour:{n.pk}:department", None, n.department_id, 2),
    ]
    assert "最满意护士" in entries[0].reason and entries[0].source_id == n.pk
    with pytest.raises(ValidationError):  # published once
        services.selection_publish(user=rw.office, selection=rw.sel, today=datetime.date(2026, 12, 18))
    assert LedgerEntry.objects.filter(source=Source.HONOUR).count() == 2


def test_a_department_honour_lands_on_the_department(hw):
    t = f.honour_type(hw.a, code="dept", name="文明科室", subject="department", department_bonus_points=3, rules=[])
    sel = f.selection(hw.a, types=[t], year=2026)
    n = services.nomination_create(
        user=hw.office, selection=sel, honour_type=t, channel="department", reason="科室服务好", department=hw.a_surg
    )
    hw.sel = sel
    services.selection_start_review(user=hw.office, selection=sel)
    _review(hw, n)
    _publish(hw)
    entry = LedgerEntry.objects.get(source=Source.HONOUR)
    assert (entry.department_id, entry.person_id, entry.points) == (hw.a_surg.pk, None, 3)


def test_other_users_cannot_take_the_office_steps(rw):
    from django.core.exceptions import PermissionDenied

    for user in (rw.staff, rw.head, rw.supervisor):
        with pytest.raises(PermissionDenied):
            services.nomination_review(user=user, nomination=rw.noms[0], approve=True)
        with pytest.raises(PermissionDenied):
            services.publicity_start(user=user, selection=rw.sel)


def test_the_certificate_and_the_person_page(rw, login, tmp_path):
    _review(rw, rw.noms[0])
    _publish(rw)
    n = Nomination.objects.select_related("selection__unit", "honour_type", "person").get(pk=rw.noms[0].pk)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(certificates.certificate_docx(n))).paragraphs)
    assert "荣 誉 证 书" in text and n.person.name in text and "“最满意护士”" in text and n.certificate_no in text
    response = login(rw.office).get(f"/honours/nominations/{n.pk}/certificate/")
    assert response.status_code == 200 and response["Content-Type"] == certificates.DOCX
    page = login(rw.office).get(f"/org/staff/{n.person_id}/").content.decode()
    assert 'data-testid="person-honours"' in page and "最满意护士" in page and n.certificate_no in page


def test_the_certificate_converts_with_libreoffice(rw, login):
    assert shutil.which("soffice") or shutil.which("libreoffice"), "apt-get install libreoffice-writer-nogui"
    _review(rw, rw.noms[0])
    _publish(rw)
    response = login(rw.office).get(f"/honours/nominations/{rw.noms[0].pk}/certificate/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
