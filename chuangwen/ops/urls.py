"""Endpoints for the load balancer and the monitoring (no login, no session, no page).

``chuangwen.ops.middleware.OpsEndpointsMiddleware`` answers these paths before sessions,
authentication and the rest of the stack run; the patterns here name them (reverse, the view
names in metrics and logs)."""

from django.urls import path

from . import health, metrics

app_name = "ops"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
]
