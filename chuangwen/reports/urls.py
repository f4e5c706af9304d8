from django.urls import path  # noqa: F401

from .views import documents

app_name = "reports"

urlpatterns: list = [
    # Document templates and generated documents
    path("plan/", documents.plan_current, name="plan_current"),
    path("campaigns/<int:pk>/plan/", documents.campaign_plan, name="campaign_plan"),
    path("documents/<int:pk>/docx/", documents.document_docx, name="document_docx"),
    path("documents/<int:pk>/pdf/", documents.document_pdf, name="document_pdf"),
    path("templates/", documents.template_list, name="template_list"),
    path("templates/<slug:kind>/", documents.template_detail, name="template_detail"),
    path("templates/<slug:kind>/download/", documents.template_download, name="template_download"),
]
