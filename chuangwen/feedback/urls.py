from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("complaints/", views.ComplaintListView.as_view(), name="complaint_list"),
    path("complaints/archive/", views.ComplaintListView.as_view(archived=True), name="complaint_archive_list"),
    path("complaints/new/", views.complaint_create, name="complaint_create"),
    path("complaints/export.xlsx", views.complaint_export, name="complaint_export"),
    path("complaints/links/", views.public_links, name="public_links"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/assign/", views.complaint_assign, name="complaint_assign"),
    path("complaints/<int:pk>/record/", views.complaint_record, name="complaint_record"),
    path("complaints/<int:pk>/reply/", views.complaint_reply, name="complaint_reply"),
    path("complaints/<int:pk>/close/", views.complaint_close, name="complaint_close"),
    path("complaints/<int:pk>/satisfaction/", views.complaint_satisfaction, name="complaint_satisfaction"),
    path("complaints/<int:pk>/reopen/", views.complaint_reopen, name="complaint_reopen"),
    path("complaints/<int:pk>/archive/", views.complaint_archive, name="complaint_archive"),
]
