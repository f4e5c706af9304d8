from django.urls import path

from .views import index, paper, posters, questions, responses, templates

app_name = "surveys"

# index/, responses/, paper/ and templates/ do not prefix each other, so one menu entry is active at a time.
urlpatterns = [
    path("index/", index.dashboard, name="dashboard"),
    path("index/settings/", index.settings_edit, name="settings"),
    path("index/alerts/<int:pk>/acknowledge/", index.alert_acknowledge, name="alert_acknowledge"),
    path("responses/", responses.ResponseListView.as_view(), name="response_list"),
    path("responses/<int:pk>/", responses.ResponseDetailView.as_view(), name="response_detail"),
    path("paper/", paper.paper_entry, name="paper_entry"),
    path("templates/", templates.template_list, name="template_list"),
    path("templates/new/", templates.template_create, name="template_create"),
    path("templates/defaults/", templates.default_templates, name="default_templates"),
    path("templates/<int:pk>/", templates.template_detail, name="template_detail"),
    path("templates/<int:pk>/edit/", templates.template_update, name="template_update"),
    path("templates/<int:pk>/questions/new/", questions.question_add, name="question_add"),
    path("templates/<int:pk>/posters/", posters.poster_sheet, name="poster_sheet"),
    path(
        "templates/<int:pk>/posters/<int:department_pk>.<str:fmt>",
        posters.poster,
        name="poster",
    ),
    path("questions/<int:pk>/edit/", questions.question_update, name="question_update"),
    path("questions/<int:pk>/move/", questions.question_move, name="question_move"),
    path("questions/<int:pk>/remove/", questions.question_deactivate, name="question_deactivate"),
]
