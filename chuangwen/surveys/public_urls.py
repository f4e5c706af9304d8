"""The public side, mounted at /s/ (no login): a department's survey form from its QR code."""

from django.urls import path

from . import public_views

app_name = "surveys_public"

urlpatterns = [
    path("<str:token>/", public_views.survey_form, name="form"),
    path("<str:token>/thanks/", public_views.thanks, name="thanks"),
]
