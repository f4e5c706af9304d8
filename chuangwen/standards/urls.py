from django.urls import path

from . import views, views_methods

app_name = "standards"

urlpatterns = [
    path("", views.StandardListView.as_view(), name="standard_list"),
    path("import/", views.standard_import, name="standard_import"),
    path("methods/", views_methods.method_list, name="method_list"),
    path("<int:pk>/", views.StandardDetailView.as_view(), name="standard_detail"),
    path("<int:pk>/new-version/", views.standard_new_version, name="standard_new_version"),
    path("<int:pk>/publish/", views.standard_publish, name="standard_publish"),
    path("<int:pk>/retire/", views.standard_retire, name="standard_retire"),
    path("<int:pk>/points/", views.standard_points, name="standard_points"),
    path("<int:pk>/discard/", views.standard_discard, name="standard_discard"),
    path("<int:pk>/adapt/", views.standard_adapt, name="standard_adapt"),
    path("<int:pk>/export.xlsx", views.standard_export_xlsx, name="standard_export_xlsx"),
    path("<int:pk>/export.yaml", views.standard_export_yaml, name="standard_export_yaml"),
    path("<int:pk>/items/new/", views.item_create, name="item_create"),
    path("<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("items/<int:pk>/edit/", views.item_update, name="item_update"),
]
