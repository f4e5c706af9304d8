"""Endpoints for the load balancer and the monitoring (no login, no session, no page)."""

urlpatterns: list = []
