from django.urls import path

from . import views

app_name = "ranking"

urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("export.xlsx", views.ranking_export, name="export"),
    path("refresh/", views.refresh, name="refresh"),
    path("units/<int:pk>/", views.unit_trend, name="unit"),
    path("bulletins/", views.bulletin_list, name="bulletins"),
    path("bulletins/new/", views.bulletin_publish, name="bulletin_publish"),
    path("bulletins/<int:pk>/download/", views.bulletin_download, name="bulletin_download"),
]
