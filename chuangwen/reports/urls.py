from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("indicator-reports/", views.reports_menu, name="reports_menu"),
    path("campaigns/<int:pk>/ledger/", views.ledger, name="ledger"),
    path("campaigns/<int:pk>/indicator-reports/", views.indicator_reports, name="indicator_reports"),
    path("ledger/<int:pk>/", views.build_status, name="build_status"),
    path("ledger/<int:pk>/download/", views.build_download, name="build_download"),
    path("indicator-reports/<int:pk>/", views.report_edit, name="report_edit"),
]
