"""The ranking's pages and API: what a supervisor sees (sorted, drill-down, export, trends, a
fixed number of queries), what nobody else sees, and the ranking bulletin published to the
region's units."""

import io
import json
from datetime import date

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chuangwen.dashboard.models import Notification
from chuangwen.ranking import services
from chuangwen.ranking.models import RankingBulletin, UnitSnapshot
from tests import factories as f

from .conftest import TODAY

pytestmark = pytest.mark.django_db
MONTH = date(2026, 6, 1)


@pytest.fixture
def snapped(ranked):
    services.snapshots_refresh(on=TODAY)
    return ranked


def _rows(response) -> list[str]:
    return [r for r in response.content.decode().split('data-testid="ranking-row" data-unit="')[1:]]


def test_the_supervisor_sees_the_region_ranked_with_a_fixed_number_of_queries(
    snapped, login, django_assert_num_queries
):
    w = snapped
    client = login(w.supervisor)
    url = reverse("ranking:ranking")
    client.get(url)  # warm the per-process caches (calendar, menu)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200
    rows = _rows(response)
    assert [int(r.split('"')[0]) for r in rows] == [w.a.pk, w.b.pk]
    html = response.content.decode()
    assert "75.0%" in html and "临川县人民医院" not in html
    assert reverse("dashboard:campaign_progress", args=[w.camp_a.pk]) in html
    assert reverse("ranking:unit", args=[w.a.pk]) in html
    data = json.loads(html.split('id="cw-ranking-trends" type="application/json">')[1].split("</script>")[0])
    assert data["units"][str(w.a.pk)]["score_percent"][-1] == 75.0
    # every column sorts: by overdue tasks B (2) comes first
    response = client.get(url, {"sort": "-tasks"})
    assert [int(r.split('"')[0]) for r in _rows(response)] == [w.b.pk, w.a.pk]
    for key in ("name", "score", "findings", "rectification", "satisfaction", "complaints", "ethics", "volunteer"):
        assert client.get(url, {"sort": key}).status_code == 200


def test_more_units_cost_no_more_queries(snapped, login, django_assert_num_queries):
    w = snapped
    for i in range(5):
        u = f.unit(w.county_x, f"青溪县第{i}卫生院")
        f.campaign(u, w.standard, target_level="county")
    services.snapshots_refresh(on=TODAY)
    client = login(w.supervisor)
    client.get(reverse("ranking:ranking"))
    with django_assert_num_queries(11):
        response = client.get(reverse("ranking:ranking"))
    assert len(_rows(response)) == 7


def test_nobody_but_a_supervisor_sees_the_ranking(snapped, login):
    w = snapped
    for user in (w.office, w.head, w.inspector, w.secretary, w.staff):
        client = login(user)
        assert client.get(reverse("ranking:ranking")).status_code == 403
        assert client.get(reverse("ranking:export")).status_code == 403
        assert client.get(reverse("ranking:unit", args=[w.a.pk])).status_code == 403


def test_drill_down_to_a_unit_and_not_outside_the_region(snapped, login):
    w = snapped
    client = login(w.supervisor)
    response = client.get(reverse("ranking:unit", args=[w.a.pk]))
    assert response.status_code == 200
    assert reverse("dashboard:campaign_progress", args=[w.camp_a.pk]) in response.content.decode()
    assert client.get(reverse("ranking:unit", args=[w.c.pk])).status_code == 404


def test_the_export_holds_the_page_rows(snapped, login):
    client = login(snapped.supervisor)
    response = client.get(reverse("ranking:export"))
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert [v[1] for v in values] == ["青溪县人民医院", "青溪县中医医院"]
    assert values[0][0] == 1 and values[0][3] == 75.0 and values[1][8] == 2


def test_refresh_on_demand_rewrites_the_figures(ranked, login, django_capture_on_commit_callbacks):
    w = ranked
    client = login(w.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ranking:refresh"))
    assert response.status_code == 302
    assert set(UnitSnapshot.objects.values_list("unit_id", flat=True)) == {w.a.pk, w.b.pk}


def test_publishing_the_bulletin_notifies_the_units_offices_who_read_it(
    snapped, login, django_capture_on_commit_callbacks
):
    w = snapped
    client = login(w.supervisor)
    page = client.get(reverse("ranking:bulletins"))
    assert 'data-testid="publish-form"' in page.content.decode()
    with pytest.raises(ValidationError):
        services.bulletin_publish(user=w.supervisor, month=date(2025, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ranking:bulletin_publish"), {"month": "2026-06", "note": "请各单位抓紧整改。"})
    assert response.status_code == 302
    b = RankingBulletin.objects.get()
    assert b.number == 1 and set(b.recipients.all()) == {w.a, w.b}
    assert [r["unit"] for r in b.figures] == ["青溪县人民医院", "青溪县中医医院"]
    text = "\n".join(p.text for p in docx.Document(b.file.open("rb")).paragraphs)
    assert "青溪县卫生健康局" in text and "请各单位抓紧整改。" in text
    table = docx.Document(b.file.open("rb")).tables[0]
    assert [c.text for c in table.rows[1].cells][:4] == ["1", "青溪县人民医院", "县级文明单位", "75.0%"]
    assert Notification.objects.filter(user=w.office, kind="ranking_bulletin").count() == 1
    office = login(w.office)
    listed = office.get(reverse("ranking:bulletins")).content.decode()
    assert b.title in listed and 'data-testid="publish-form"' not in listed
    download = office.get(reverse("ranking:bulletin_download", args=[b.pk]))
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxml")
    # a unit the bulletin did not go to does not find it
    other = f.user("other_office")
    f.member(other, "office", unit=w.c)
    assert login(other).get(reverse("ranking:bulletin_download", args=[b.pk])).status_code == 404
    assert login(w.office).post(reverse("ranking:bulletin_publish"), {"month": "2026-06"}).status_code == 403
    client = login(w.supervisor)
    client.post(reverse("ranking:bulletin_publish"), {"month": "2026-06"})
    assert RankingBulletin.objects.order_by("-number").first().number == 2


def test_the_bureau_may_upload_its_bulletin_template(snapped):
    from chuangwen.ranking.bulletin import KIND
    from chuangwen.reports.documents import kind_get

    kind = kind_get(KIND)
    assert kind.may_upload(snapped.supervisor, snapped.bureau)
    assert not kind.may_upload(snapped.office, snapped.bureau)


def test_the_api_gives_the_same_rows_to_the_supervisor_only(snapped, client):
    w = snapped
    client.force_login(w.supervisor)
    data = client.get("/api/ranking/units").json()
    items = data["items"] if isinstance(data, dict) else data
    assert [(r["unit_id"], r["rank"], r["score_percent"]) for r in items] == [(w.a.pk, 1, "75.0"), (w.b.pk, 2, "25.0")]
    assert items[1]["tasks_overdue"] == 2 and items[1]["ethics_vetoes"] == 1
    trend = client.get(f"/api/ranking/units/{w.a.pk}/trend").json()
    assert trend["score_percent"][-1] == 75.0 and len(trend["months"]) == 12
    assert client.get(f"/api/ranking/units/{w.c.pk}/trend").status_code == 404
    created = client.post("/api/ranking/bulletins", {"month": "2026-06"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["units"] == 2
    client.force_login(w.office)
    data = client.get("/api/ranking/units").json()
    assert (data["items"] if isinstance(data, dict) else data) == []
    assert (
        client.post("/api/ranking/bulletins", {"month": "2026-06"}, content_type="application/json").status_code == 403
    )
    bulletins = client.get("/api/ranking/bulletins").json()
    assert len(bulletins["items"] if isinstance(bulletins, dict) else bulletins) == 1
