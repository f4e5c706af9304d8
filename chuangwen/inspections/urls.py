from django.urls import path

from .views import bulletins, findings, photos, rounds

app_name = "inspections"

urlpatterns = [
    path("rounds/", rounds.RoundListView.as_view(), name="round_list"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", rounds.round_update, name="round_update"),
    path("rounds/<int:round_pk>/findings/new/", findings.finding_create, name="finding_create"),
    path("findings/", findings.FindingListView.as_view(), name="finding_list"),
    path("findings/new/", findings.finding_create, name="finding_create"),
    path("findings/<int:pk>/", findings.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/dispatch/", findings.finding_dispatch, name="finding_dispatch"),
    path("findings/<int:pk>/respond/", findings.finding_respond, name="finding_respond"),
    path("findings/<int:pk>/recheck/", findings.finding_recheck, name="finding_recheck"),
    path("findings/<int:pk>/reopen/", findings.finding_reopen, name="finding_reopen"),
    path("findings/<int:pk>/archive/", findings.finding_archive, name="finding_archive"),
    path("photos/<int:pk>/", photos.photo, name="photo"),
    path("photos/<int:pk>/thumbnail/", photos.photo_thumbnail, name="photo_thumbnail"),
    # bulletins
    path("bulletins/", bulletins.BulletinListView.as_view(), name="bulletin_list"),
    path("bulletins/new/", bulletins.bulletin_create, name="bulletin_create"),
    path("bulletins/<int:pk>/status/", bulletins.bulletin_status, name="bulletin_status"),
    path("bulletins/<int:pk>/download/", bulletins.bulletin_download, name="bulletin_download"),
    path("bulletins/<int:pk>/pdf/", bulletins.bulletin_pdf, name="bulletin_pdf"),
    path("bulletins/template/", bulletins.bulletin_template, name="bulletin_template"),
    path("bulletins/template/download/", bulletins.bulletin_template_download, name="bulletin_template_download"),
]
