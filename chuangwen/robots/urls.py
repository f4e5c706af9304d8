from django.urls import path

from . import views

app_name = "robots"

urlpatterns = [
    path("", views.robot_list, name="robot_list"),
    path("new/", views.robot_create, name="robot_create"),
    path("<int:pk>/edit/", views.robot_update, name="robot_update"),
    path("<int:pk>/test/", views.robot_test, name="robot_test"),
    path("deliveries/", views.DeliveryListView.as_view(), name="delivery_list"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
    path("settings/", views.preferences, name="preferences"),
]
