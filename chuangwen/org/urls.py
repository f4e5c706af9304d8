from django.urls import path
from django.views.i18n import set_language

from . import roster_views, two_factor_views, views

app_name = "org"

urlpatterns = [
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/all/switch/", views.unit_switch, name="unit_switch_all"),
    path("units/<int:pk>/switch/", views.unit_switch, name="unit_switch"),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/new/", views.DepartmentCreateView.as_view(), name="department_create"),
    path("departments/<int:pk>/edit/", views.DepartmentUpdateView.as_view(), name="department_update"),
    path("staff/", views.PersonListView.as_view(), name="person_list"),
    path("staff/new/", views.PersonCreateView.as_view(), name="person_create"),
    path("staff/import/", roster_views.roster_import, name="roster_import"),
    path("staff/export.xlsx", roster_views.roster_export, name="roster_export"),
    path("staff/template.xlsx", roster_views.roster_template, name="roster_template"),
    path("staff/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("staff/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_update"),
    path("me/", views.me, name="me"),
    path("me/password/", views.PasswordChange.as_view(), name="password_change"),
    path("me/password/done/", views.PasswordChangeDone.as_view(), name="password_change_done"),
    path("language/", set_language, name="set_language"),
    path("me/two-factor/", two_factor_views.two_factor_page, name="two_factor"),
    path("me/two-factor/qr.svg", two_factor_views.two_factor_qr, name="two_factor_qr"),
    path("me/two-factor/confirm/", two_factor_views.two_factor_confirm, name="two_factor_confirm"),
    path("me/two-factor/recovery-codes/", two_factor_views.two_factor_codes, name="two_factor_codes"),
    path("me/two-factor/disable/", two_factor_views.two_factor_disable, name="two_factor_disable"),
]
