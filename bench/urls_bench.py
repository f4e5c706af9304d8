"""URLs of the benchmarks: the project's, the surveys app (pages, public form, API router) where
chuangwen/urls.py does not mount it yet, and /bench/ping."""

from django.http import HttpResponse
from django.urls import include, path

from chuangwen.api import api as api_module

if "chuangwen.surveys.api.router" not in [p for _prefix, p in api_module.ROUTERS]:
    from chuangwen.surveys.api import router

    api_module.api.add_router("/surveys/", router)

from chuangwen.urls import urlpatterns as base  # noqa: E402


def ping(request):
    return HttpResponse("pong", content_type="text/plain")


names = {getattr(p, "namespace", None) for p in base}
urlpatterns = [path("bench/ping", ping), *base]
if "surveys_public" not in names:
    urlpatterns += [
        path("surveys/", include("chuangwen.surveys.urls")),
        path("s/", include("chuangwen.surveys.public_urls")),
    ]
