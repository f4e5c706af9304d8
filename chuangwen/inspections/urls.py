from django.urls import path

from . import bulletin_views, views

app_name = "inspections"

urlpatterns = [
    path("rounds/", views.RoundListView.as_view(), name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", views.round_update, name="round_update"),
    path("rounds/<int:round_pk>/findings/new/", views.finding_create, name="finding_create"),
    path("findings/", views.FindingListView.as_view(), name="finding_list"),
    path("findings/new/", views.finding_create, name="finding_create"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/dispatch/", views.finding_dispatch, name="finding_dispatch"),
    path("findings/<int:pk>/respond/", views.finding_respond, name="finding_respond"),
    path("findings/<int:pk>/recheck/", views.finding_recheck, name="finding_recheck"),
    path("findings/<int:pk>/reopen/", views.finding_reopen, name="finding_reopen"),
    path("findings/<int:pk>/archive/", views.finding_archive, name="finding_archive"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("photos/<int:pk>/thumbnail/", views.photo_thumbnail, name="photo_thumbnail"),
    # bulletins
    path("bulletins/", bulletin_views.BulletinListView.as_view(), name="bulletin_list"),
    path("bulletins/new/", bulletin_views.bulletin_create, name="bulletin_create"),
    path("bulletins/<int:pk>/status/", bulletin_views.bulletin_status, name="bulletin_status"),
    path("bulletins/<int:pk>/download/", bulletin_views.bulletin_download, name="bulletin_download"),
    path("bulletins/template/", bulletin_views.bulletin_template, name="bulletin_template"),
    path("bulletins/template/download/", bulletin_views.bulletin_template_download, name="bulletin_template_download"),
]
