from django.urls import path

from .views import branches, development, meetings

app_name = "party"

urlpatterns = [
    path("", branches.branch_list, name="branch_list"),
    path("overview/", branches.overview, name="overview"),
    path("branches/<int:pk>/", branches.branch_detail, name="branch_detail"),
    path("branches/<int:pk>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("branches/<int:pk>/applicants/new/", development.applicant_create, name="applicant_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/record.docx", meetings.meeting_docx, name="meeting_docx"),
    path("meeting-photos/<int:pk>/", meetings.meeting_photo, name="meeting_photo"),
    path("development/", development.PipelineView.as_view(), name="pipeline"),
    path("development/<int:pk>/", development.applicant_detail, name="applicant_detail"),
    path("step-documents/<int:pk>/", development.step_document, name="step_document"),
]
