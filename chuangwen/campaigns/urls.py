from django.urls import path

from . import task_views, views

app_name = "campaigns"

# plans/, tasks/ and my-tasks/ do not prefix each other, so one menu entry is active at a time.
urlpatterns = [
    path("plans/", views.CampaignListView.as_view(), name="campaign_list"),
    path("plans/new/", views.campaign_create, name="campaign_create"),
    path("plans/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("plans/<int:pk>/edit/", views.campaign_update, name="campaign_update"),
    path("plans/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("plans/<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("plans/<int:pk>/tasks/new/", task_views.task_create, name="task_create"),
    path("plans/<int:pk>/tasks/assign/", task_views.bulk_assign, name="bulk_assign"),
    path("plans/<int:pk>/responsibility.xlsx", task_views.responsibility_export, name="responsibility_export"),
    path("plans/<int:pk>/responsibility/import/", task_views.responsibility_import, name="responsibility_import"),
    path("tasks/", task_views.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:pk>/", task_views.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/edit/", task_views.task_update, name="task_update"),
    path("tasks/<int:pk>/archive/", task_views.task_archive, name="task_archive"),
    path("my-tasks/", task_views.my_tasks, name="my_tasks"),
]
