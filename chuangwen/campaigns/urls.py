from django.urls import path

from .views import campaigns, tasks

app_name = "campaigns"

# plans/, tasks/ and my-tasks/ do not prefix each other, so one menu entry is active at a time.
urlpatterns = [
    path("plans/", campaigns.CampaignListView.as_view(), name="campaign_list"),
    path("plans/new/", campaigns.campaign_create, name="campaign_create"),
    path("plans/<int:pk>/", campaigns.CampaignDetailView.as_view(), name="campaign_detail"),
    path("plans/<int:pk>/edit/", campaigns.campaign_update, name="campaign_update"),
    path("plans/<int:pk>/members/add/", campaigns.member_add, name="member_add"),
    path("plans/<int:pk>/members/<int:member_pk>/remove/", campaigns.member_remove, name="member_remove"),
    path("plans/<int:pk>/tasks/new/", tasks.task_create, name="task_create"),
    path("plans/<int:pk>/tasks/assign/", tasks.bulk_assign, name="bulk_assign"),
    path("plans/<int:pk>/responsibility.xlsx", tasks.responsibility_export, name="responsibility_export"),
    path("plans/<int:pk>/responsibility/import/", tasks.responsibility_import, name="responsibility_import"),
    path("tasks/", tasks.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:pk>/", tasks.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/edit/", tasks.task_update, name="task_update"),
    path("tasks/<int:pk>/archive/", tasks.task_archive, name="task_archive"),
    path("my-tasks/", tasks.my_tasks, name="my_tasks"),
]
