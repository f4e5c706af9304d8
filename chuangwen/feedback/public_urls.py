"""The public complaint form, mounted at /f/ (no login)."""

from django.urls import path

from . import lookup, public_views

app_name = "feedback_public"

urlpatterns = [
    path("<str:token>/", public_views.complaint_form, name="form"),
    path("<str:token>/lookup/", lookup.complaint_lookup, name="lookup"),
    path("<str:token>/thanks/<str:thanks>/", public_views.thanks, name="thanks"),
]
