from django.urls import path

from .views import activities, notes, reports, signin

app_name = "activities"

urlpatterns = [
    path("", activities.ActivityListView.as_view(), name="activity_list"),
    path("new/", activities.activity_create, name="activity_create"),
    path("<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("<int:pk>/edit/", activities.activity_update, name="activity_update"),
    path("<int:pk>/sheet/", activities.activity_sheet, name="activity_sheet"),
    path("<int:pk>/leave/", activities.activity_leave, name="activity_leave"),
    path("<int:pk>/photos/", activities.activity_photos, name="activity_photos"),
    path("<int:pk>/archive/", activities.activity_archive, name="activity_archive"),
    path("<int:pk>/signin/", signin.signin_screen, name="activity_signin"),
    path("<int:pk>/signin/state/", signin.signin_state, name="activity_signin_state"),
    path("<int:pk>/note/", notes.note_edit, name="activity_note"),
    path("s/<str:token>/", signin.signin_page, name="signin_page"),
    path("photos/<int:pk>/", activities.photo, name="photo"),
    path("photos/<int:pk>/thumbnail/", activities.photo_thumbnail, name="photo_thumbnail"),
    path("notes/", notes.my_notes, name="my_notes"),
    path("notes/progress/", notes.notes_progress, name="notes_progress"),
    path("items/<int:campaign_pk>/<int:item_pk>/", reports.item_activities, name="item_activities"),
    path("bureau/", reports.bureau, name="bureau"),
]
