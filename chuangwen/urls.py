from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path

from chuangwen.api.api import api
from chuangwen.api.views import api_tokens
from chuangwen.dashboard.views import home
from chuangwen.org import views as org_views
from chuangwen.org.auth import ChuangwenLoginView
from chuangwen.org.two_factor_views import login_verify
from chuangwen.scoring import urls as scoring_urls

urlpatterns = [
    path("", home, name="home"),
    path("login/", ChuangwenLoginView.as_view(), name="login"),
    path("login/verify/", login_verify, name="login_verify"),
    path("logout/", LogoutView.as_view(), name="logout"),
    # The product's own password pages (also under /org/me/password/), never Django admin's.
    path("account/password/", org_views.PasswordChange.as_view(), name="password_change"),
    path("account/password/done/", org_views.PasswordChangeDone.as_view(), name="password_change_done"),
    path("org/", include("chuangwen.org.urls")),
    path("standards/", include("chuangwen.standards.urls")),
    path("campaigns/", include("chuangwen.campaigns.urls")),
    path("evidence/", include("chuangwen.evidence.urls")),
    path("dashboard/", include("chuangwen.dashboard.urls")),
    path("inspections/", include("chuangwen.inspections.urls")),
    path("surveys/", include("chuangwen.surveys.urls")),
    path("feedback/", include("chuangwen.feedback.urls")),
    path("scoring/departments/", include(scoring_urls.departments)),
    path("audit/", include("chuangwen.audit.urls")),
    path("scoring/items/", include(scoring_urls.items)),
    path("readiness/", include(scoring_urls.readiness)),
    path("exports/", include("chuangwen.core.urls")),
    path("ethics/", include("chuangwen.ethics.urls")),
    path("honours/", include("chuangwen.honours.urls")),
    path("activities/", include("chuangwen.activities.urls")),
    path("volunteer/", include("chuangwen.volunteer.urls")),
    path("party/", include("chuangwen.party.urls")),
    path("reports/", include("chuangwen.reports.urls")),
    path("ranking/", include("chuangwen.ranking.urls")),
    path("screens/", include("chuangwen.screens.urls")),
    path("robots/", include("chuangwen.robots.urls")),
    # Public pages (no login), reached by QR code: surveys and complaints.
    path("s/", include("chuangwen.surveys.public_urls")),
    path("f/", include("chuangwen.feedback.public_urls")),
    path("api/", api.urls),
    path("account/tokens/", api_tokens, name="api_tokens"),
    path("admin/", admin.site.urls),
    # Health, readiness and metrics for the load balancer and the monitoring.
    path("", include("chuangwen.ops.urls")),
]
