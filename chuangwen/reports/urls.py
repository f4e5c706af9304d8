from django.urls import path

from .views import documents, ledger

app_name = "reports"

urlpatterns = [
    # The ledger (迎检台账) and indicator reports (说明报告)
    path("", ledger.home, name="home"),
    path("indicator-reports/", ledger.reports_menu, name="reports_menu"),
    path("campaigns/<int:pk>/ledger/", ledger.ledger, name="ledger"),
    path("campaigns/<int:pk>/indicator-reports/", ledger.indicator_reports, name="indicator_reports"),
    path("ledger/<int:pk>/", ledger.build_status, name="build_status"),
    path("ledger/<int:pk>/download/", ledger.build_download, name="build_download"),
    path("indicator-reports/<int:pk>/", ledger.report_edit, name="report_edit"),
    # Document templates and generated documents
    path("plan/", documents.plan_current, name="plan_current"),
    path("campaigns/<int:pk>/plan/", documents.campaign_plan, name="campaign_plan"),
    path("summary/", documents.summary_current, name="summary_current"),
    path("campaigns/<int:pk>/summary/", documents.campaign_summary, name="campaign_summary"),
    path("documents/<int:pk>/", documents.document_status, name="document_status"),
    path("documents/<int:pk>/docx/", documents.document_docx, name="document_docx"),
    path("documents/<int:pk>/pdf/", documents.document_pdf, name="document_pdf"),
    path("templates/", documents.template_list, name="template_list"),
    path("templates/<slug:kind>/", documents.template_detail, name="template_detail"),
    path("templates/<slug:kind>/download/", documents.template_download, name="template_download"),
]
