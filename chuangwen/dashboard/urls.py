from django.urls import path

from . import progress_views as views

app_name = "dashboard"

urlpatterns = [
    path("progress/", views.my_progress, name="progress"),
    path("progress/<int:pk>/", views.campaign_progress, name="campaign_progress"),
    path("bureau/", views.bureau_progress, name="bureau_progress"),
    path("bureau/open/", views.bureau_enter, name="bureau_enter"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/badge/", views.notification_badge, name="notification_badge"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
]
