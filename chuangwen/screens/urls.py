from django.urls import path

from . import views

app_name = "screens"

urlpatterns = [
    path("", views.links, name="links"),
    path("k/<str:token>/", views.kiosk, name="kiosk"),
    path("k/<str:token>/data/", views.kiosk_data, name="kiosk_data"),
]
