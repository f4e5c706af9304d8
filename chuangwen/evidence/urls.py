from django.urls import path

from .views import files, records, review

app_name = "evidence"

urlpatterns = [
    path("", records.EvidenceListView.as_view(), name="evidence_list"),
    path("review/", review.ReviewQueueView.as_view(), name="review_queue"),
    path("task/<int:task_pk>/new/", records.evidence_create, name="evidence_create"),
    path("task/<int:task_pk>/rules/", records.rules_preview, name="rules_preview"),
    path("<int:pk>/", records.evidence_detail, name="evidence_detail"),
    path("<int:pk>/edit/", records.evidence_update, name="evidence_update"),
    path("<int:pk>/submit/", review.evidence_submit, name="evidence_submit"),
    path("<int:pk>/review/", review.evidence_review, name="evidence_review"),
    path("<int:pk>/archive/", review.evidence_archive, name="evidence_archive"),
    path("files/<int:pk>/", files.file_download, name="file_download"),
    path("files/<int:pk>/thumbnail/", files.file_thumbnail, name="file_thumbnail"),
    path("files/<int:pk>/archive/", files.file_archive, name="file_archive"),
]
