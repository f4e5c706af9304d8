"""Assigning a task, the bureau's complaint numbers, recording a finding for a round, the review
phase's countdown, and lists that become cards on a phone (issue 17's rough edges)."""

import datetime

from django.contrib.messages import get_messages
from django.urls import reverse

from chuangwen.dashboard.progress_types import CampaignProgress
from tests import factories as f


def _campaign(world):
    std = f.standard(world.bureau, applies_to=world.county_x)
    camp = f.campaign(world.a, std)
    phase = f.phase(camp, name="组织实施")
    phase.ends_on = datetime.date(2026, 6, 30)
    phase.save()
    return camp, phase


def test_task_form_narrows_people_to_the_department_and_searches(login, world):
    camp, _phase = _campaign(world)
    html = login(world.office).get(reverse("campaigns:task_create", args=[camp.pk])).content.decode()
    assert 'data-cw-filter-by="id_department"' in html and "data-cw-search" in html
    assert f'data-department="{world.a_med.pk}"' in html and "李娜（内科）" in html
    assert html.count("data-cw-multiselect") == 2  # 对应测评项目 and 配合科室
    assert "cw_select.js" in html


def test_deadline_after_the_phase_end_warns_but_saves(login, world):
    camp, phase = _campaign(world)
    client = login(world.office)
    r = client.post(
        reverse("campaigns:task_create", args=[camp.pk]),
        {
            "title": "宣传栏更新",
            "phase": phase.pk,
            "department": world.a_med.pk,
            "deadline": "2026-07-15",
            "recurrence": "once",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    warnings = [str(m) for m in get_messages(r.wsgi_request) if m.level_tag == "warning"]
    assert warnings and "组织实施" in warnings[0] and "2026-06-30" in warnings[0]


def test_bureau_complaint_list_shows_the_unit_beside_the_number(login, world):
    f.complaint(world.a, reference="TS2026030001")
    f.complaint(world.b, reference="TS2026030001")
    html = login(world.supervisor).get(reverse("feedback:complaint_list")).content.decode()
    units = html.count('data-testid="complaint-unit"')
    assert units == 2 and "县人民医院" in html and "县中医院" in html


def test_finding_form_offers_the_rounds_in_progress(login, world):
    rnd = f.inspection_round(world.a, title="四月院内自查", status="in_progress")
    rnd.inspectors.add(world.inspector)
    html = login(world.inspector).get(reverse("inspections:finding_create")).content.decode()
    assert 'data-testid="round-picker"' in html and "四月院内自查" in html
    assert reverse("inspections:finding_create", args=[rnd.pk]) in html


def test_review_phase_under_way_counts_to_its_end():
    p = CampaignProgress(
        campaign=None,
        today=datetime.date(2026, 10, 10),
        overall=None,
        aspects=[],
        departments=[],
        tasks=None,
        overdue_tasks=[],
        phases=[],
        review_starts_on=datetime.date(2026, 10, 1),
        review_ends_on=datetime.date(2026, 11, 30),
    )
    assert p.review_under_way and p.days_to_review_end == 51


def test_lists_become_cards_on_phones(login, world):
    client = login(world.office)
    for url in (reverse("campaigns:task_list"), reverse("evidence:evidence_list"), reverse("feedback:complaint_list")):
        assert "cw-cards" in client.get(url).content.decode(), url


def test_feedback_qr_page_shows_posters_not_raw_urls(login, world):
    html = login(world.office).get(reverse("feedback:public_links")).content.decode()
    assert html.count('data-testid="public-link"') >= 3 and "扫码反馈意见" in html and "data-cw-print" in html
    # Links only inside the copy box's value, never printed as text under the codes.
    assert not any(line.strip().startswith("http") for line in html.replace(">", ">\n").splitlines())


def test_paper_grid_shows_full_question_headers_and_scrolls(login, world):
    from chuangwen.surveys import services as survey_services

    survey = survey_services.default_templates_create(unit=world.a, user=world.office)[0]
    longest = max((q.text for q in survey.questions.filter(is_active=True)), key=len)
    html = login(world.head).get(reverse("surveys:paper_entry"), {"template": survey.pk}).content.decode()
    assert longest in html and "sv-scroll" in html
