from django.urls import path

from .views import events, imports, rules, totals

app_name = "volunteer"

urlpatterns = [
    path("", totals.overview, name="overview"),
    path("me/", totals.me, name="me"),
    path("units/", totals.units, name="units"),
    path("people/<int:pk>/certificate/", totals.person_certificate, name="person_certificate"),
    path("items/<int:pk>/", totals.item_shortfall, name="item_shortfall"),
    path("events/", events.event_list, name="events"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("photos/<int:pk>/", events.photo_file, name="photo"),
    path("hours/", events.hours_list, name="hours"),
    path("hours/<int:pk>/", events.hours_correct, name="hours_correct"),
    path("hours/<int:pk>/withdraw/", events.hours_withdraw, name="hours_withdraw"),
    path("import/", imports.import_start, name="import"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("rules/", rules.rules, name="rules"),
]
