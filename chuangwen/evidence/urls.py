from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("", views.EvidenceListView.as_view(), name="evidence_list"),
    path("review/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("task/<int:task_pk>/new/", views.evidence_create, name="evidence_create"),
    path("task/<int:task_pk>/rules/", views.rules_preview, name="rules_preview"),
    path("<int:pk>/", views.evidence_detail, name="evidence_detail"),
    path("<int:pk>/edit/", views.evidence_update, name="evidence_update"),
    path("<int:pk>/submit/", views.evidence_submit, name="evidence_submit"),
    path("<int:pk>/review/", views.evidence_review, name="evidence_review"),
    path("<int:pk>/archive/", views.evidence_archive, name="evidence_archive"),
    path("files/<int:pk>/", views.file_download, name="file_download"),
    path("files/<int:pk>/thumbnail/", views.file_thumbnail, name="file_thumbnail"),
    path("files/<int:pk>/archive/", views.file_archive, name="file_archive"),
]
