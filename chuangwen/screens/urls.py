from django.urls import path  # noqa: F401

app_name = "screens"

urlpatterns: list = []
