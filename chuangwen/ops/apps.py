from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running Chuangwen as a deployment: health and readiness, metrics, logs, backups, storage
    clean-up (docs/deployment.md)."""

    name = "chuangwen.ops"
    verbose_name = _("Operations")
