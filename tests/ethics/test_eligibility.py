"""marks_for: the one question other modules ask (honours refuse nominations with its reasons)."""

import datetime

from chuangwen.ethics import services
from chuangwen.ethics.eligibility import CYCLE, POOR_GRADE, VETO, marks_for
from chuangwen.ethics.models import Evaluation


def test_a_veto_marks_the_person_in_its_year(world, red_envelope, django_assert_num_queries):
    v = services.veto_record(
        person=world.a_p1,
        act=red_envelope,
        occurred_on=datetime.date(2026, 5, 12),
        facts="收受患者家属红包2000元",
        by=world.office,
    )
    with django_assert_num_queries(2):
        marks = marks_for([world.a_p1.pk, world.a_p2.pk], 2026)
    assert list(marks) == [world.a_p1.pk]
    (mark,) = marks[world.a_p1.pk]
    assert mark.kind == VETO and mark.reason == "一票否决：收受患者红包（2026-05-12）"
    assert mark.source_url.endswith(f"/ethics/people/{world.a_p1.pk}/#veto-{v.pk}")
    assert marks_for([world.a_p1.pk], 2025) == {}
    services.veto_withdraw(record=v, by=world.office, reason="经核实系误录")
    assert marks_for([world.a_p1.pk], 2026) == {}


def test_a_final_poor_grade_marks_the_year_and_the_next_for_the_cycle(world, evaluation):
    row = evaluation.rows.get(person=world.a_p2)
    row.grade = "poor"
    row.save()
    assert marks_for([world.a_p2.pk], 2026) == {}  # not final yet
    Evaluation.objects.filter(pk=evaluation.pk).update(status=Evaluation.Status.FINAL)
    (mark,) = marks_for([world.a_p2.pk], 2026)[world.a_p2.pk]
    assert (mark.kind, mark.reason) == (POOR_GRADE, "2026年度医德考评等次为较差")
    (cycle,) = marks_for([world.a_p2.pk], 2027)[world.a_p2.pk]
    assert cycle.kind == CYCLE and "定期考核" in cycle.reason
    assert marks_for([world.a_p2.pk], 2028) == {}
    assert marks_for([], 2026) == {}
