"""The scoring pages, in three URL namespaces (mounted by the project's ``urls.py``): item scores
(``scoring_items``), 量化考核 and the ledger (``scoring_departments``), 创建达标 (``readiness``)."""

from django.urls import path

from .views import appeals as appeal_views
from .views import departments as department_views
from .views import items as item_views
from .views import readiness as readiness_views

items = (
    [
        path("campaigns/<int:pk>/", item_views.campaign_item_scores, name="campaign_item_scores"),
        path("campaigns/<int:pk>/items/<int:item_pk>/assess/", item_views.item_assess, name="item_assess"),
        path("rounds/<int:pk>/campaigns/<int:campaign_pk>/", item_views.round_scores, name="round_scores"),
    ],
    "scoring_items",
)

departments = (
    [
        path("", department_views.ranking, name="ranking"),
        path("export.xlsx", department_views.ranking_export, name="ranking_export"),
        path("action/", department_views.ranking_action, name="ranking_action"),
        path("units/", department_views.unit_ranking, name="units"),
        path("scheme/", department_views.scheme_edit, name="scheme"),
        path("<int:pk>/", department_views.department_month, name="department"),
        path("ledger/", appeal_views.LedgerListView.as_view(), name="ledger"),
        path("ledger/new/", appeal_views.entry_create, name="entry_create"),
        path("ledger/<int:pk>/", appeal_views.entry_detail, name="entry_detail"),
        path("ledger/files/<int:pk>/", appeal_views.entry_file_download, name="entry_file"),
        path("ledger/<int:pk>/correct/", appeal_views.entry_correct, name="entry_correct"),
        path("ledger/<int:pk>/appeal/", appeal_views.appeal_create, name="appeal_create"),
        path("appeals/", appeal_views.AppealListView.as_view(), name="appeals"),
        path("appeals/<int:pk>/", appeal_views.appeal_detail, name="appeal_detail"),
        path("appeals/files/<int:pk>/", appeal_views.appeal_file_download, name="appeal_file"),
    ],
    "scoring_departments",
)

readiness = (
    [
        path("", readiness_views.readiness_page, name="page"),
        path("vetoes/<int:pk>/withdraw/", readiness_views.veto_withdraw_view, name="veto_withdraw"),
    ],
    "readiness",
)
