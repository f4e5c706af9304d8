from django.urls import path

from . import views

app_name = "surveys"

# index/, responses/, paper/ and templates/ do not prefix each other, so one menu entry is active at a time.
urlpatterns = [
    path("index/", views.dashboard, name="dashboard"),
    path("index/settings/", views.settings_edit, name="settings"),
    path("index/alerts/<int:pk>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("responses/", views.ResponseListView.as_view(), name="response_list"),
    path("responses/<int:pk>/", views.ResponseDetailView.as_view(), name="response_detail"),
    path("paper/", views.paper_entry, name="paper_entry"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/new/", views.template_create, name="template_create"),
    path("templates/defaults/", views.default_templates, name="default_templates"),
    path("templates/<int:pk>/", views.template_detail, name="template_detail"),
    path("templates/<int:pk>/edit/", views.template_update, name="template_update"),
    path("templates/<int:pk>/questions/new/", views.question_add, name="question_add"),
    path("templates/<int:pk>/posters/", views.poster_sheet, name="poster_sheet"),
    path(
        "templates/<int:pk>/posters/<int:department_pk>.<str:fmt>",
        views.poster,
        name="poster",
    ),
    path("questions/<int:pk>/edit/", views.question_update, name="question_update"),
    path("questions/<int:pk>/move/", views.question_move, name="question_move"),
    path("questions/<int:pk>/remove/", views.question_deactivate, name="question_deactivate"),
]
