from django.urls import path

from .views import readiness as readiness_views

app_name = "readiness"

urlpatterns = [
    path("", readiness_views.readiness_page, name="page"),
    path("vetoes/<int:pk>/withdraw/", readiness_views.veto_withdraw_view, name="veto_withdraw"),
]
