"""The pages' query counts stay fixed whatever the number of builds, reports and aspects, and the
pages render for the office and the bureau."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangwen.reports import services
from tests import factories as f


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_ledger_and_reports_pages_have_fixed_query_counts(world, camp, login, django_assert_num_queries):
    client = login(world.office)
    ledger = reverse("reports:ledger", args=[camp.campaign.pk])
    reports = reverse("reports:indicator_reports", args=[camp.campaign.pk])
    f.ledger_build(camp.campaign, status="done", files_total=3, bytes_total=1000)
    services.reports_draft(user=world.office, campaign=camp.campaign)
    few = (_count(client, ledger), _count(client, reports))
    for _ in range(5):
        f.ledger_build(camp.campaign, status="failed")
    services.report_edit(user=world.office, report=_first(camp), text="改过的报告。")
    with django_assert_num_queries(few[0]):
        page = client.get(ledger)
    assert page.content.decode().count('data-testid="ledger-build"') == 6
    with django_assert_num_queries(few[1]):
        page = client.get(reports)
    assert page.content.decode().count('data-testid="report-row"') == 4


def _first(camp):
    from chuangwen.reports.models import IndicatorReport

    return IndicatorReport.objects.filter(campaign=camp.campaign).select_related("indicator", "campaign").first()


def test_home_lists_the_campaigns_for_office_and_bureau(world, camp, login):
    for user in (world.office, world.supervisor):
        page = login(user).get(reverse("reports:home"))
        assert reverse("reports:ledger", args=[camp.campaign.pk]) in page.content.decode()
    page = login(world.office).get(reverse("reports:reports_menu"))
    assert page.status_code == 302
