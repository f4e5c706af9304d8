from django.urls import path

from .views import actions, complaints, links, lists

app_name = "feedback"

urlpatterns = [
    path("complaints/", lists.ComplaintListView.as_view(), name="complaint_list"),
    path("complaints/archive/", lists.ComplaintListView.as_view(archived=True), name="complaint_archive_list"),
    path("complaints/new/", complaints.complaint_create, name="complaint_create"),
    path("complaints/export.xlsx", lists.complaint_export, name="complaint_export"),
    path("complaints/links/", links.public_links, name="public_links"),
    path("complaints/numbering/", links.numbering, name="numbering"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/assign/", actions.complaint_assign, name="complaint_assign"),
    path("complaints/<int:pk>/record/", actions.complaint_record, name="complaint_record"),
    path("complaints/<int:pk>/reply/", actions.complaint_reply, name="complaint_reply"),
    path("complaints/<int:pk>/close/", actions.complaint_close, name="complaint_close"),
    path("complaints/<int:pk>/satisfaction/", actions.complaint_satisfaction, name="complaint_satisfaction"),
    path("complaints/<int:pk>/reopen/", actions.complaint_reopen, name="complaint_reopen"),
    path("complaints/<int:pk>/archive/", actions.complaint_archive, name="complaint_archive"),
]
