"""The one NinjaAPI, assembled from each app's router (``ROUTERS``: add a line per app)."""

from django.utils.module_loading import import_string
from ninja import Swagger
from ninja.renderers import JSONRenderer

from . import errors
from .auth import API_AUTH
from .openapi import ChuangwenAPI

# (URL prefix, dotted path of the app's ``Router``).
ROUTERS = [
    ("/org/", "chuangwen.org.api.router"),
    ("/standards/", "chuangwen.standards.api.router"),
    ("/campaigns/", "chuangwen.campaigns.api.router"),
    ("/evidence/", "chuangwen.evidence.api.router"),
    ("/dashboard/", "chuangwen.dashboard.api.router"),
    ("/inspections/", "chuangwen.inspections.api.router"),
    ("/surveys/", "chuangwen.surveys.api.router"),
    ("/feedback/", "chuangwen.feedback.api.router"),
    ("/scoring/", "chuangwen.scoring.api.router"),
    ("/ethics/", "chuangwen.ethics.api.router"),
    ("/honours/", "chuangwen.honours.api.router"),
    ("/activities/", "chuangwen.activities.api.router"),
    ("/volunteer/", "chuangwen.volunteer.api.router"),
    ("/party/", "chuangwen.party.api.router"),
    ("/reports/", "chuangwen.reports.api.router"),
    ("/ranking/", "chuangwen.ranking.api.router"),
    ("/screens/", "chuangwen.screens.api.router"),
    ("/robots/", "chuangwen.robots.api.router"),
]


class UnicodeJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Chinese left readable (no \\uXXXX escapes)."""

    json_dumps_params = {"ensure_ascii": False}


api = ChuangwenAPI(
    title="Chuangwen API",
    version="1",
    description="创文平台接口：会话（浏览器）或 `Authorization: Bearer <令牌>` 认证；数据范围与页面一致。",
    urls_namespace="api",
    auth=API_AUTH,
    renderer=UnicodeJSONRenderer(),
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI from ninja's bundled static files (ninja is in INSTALLED_APPS), never a CDN;
    # no validator badge, which would call validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": True}),
)
errors.install(api)

for prefix, path in ROUTERS:
    api.add_router(prefix, import_string(path))
