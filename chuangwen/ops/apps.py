from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running Chuangwen as a deployment: health and readiness, metrics, logs, backups, storage
    clean-up (docs/deployment.md)."""

    name = "chuangwen.ops"
    verbose_name = _("Operations")

    def ready(self):
        from axes.signals import user_locked_out
        from django_tasks.signals import log_task_started, task_enqueued, task_finished, task_started

        from . import metrics, request_id

        user_locked_out.connect(metrics.count_lockout, dispatch_uid="ops.count_lockout")
        task_enqueued.connect(request_id.log_enqueued, dispatch_uid="ops.log_enqueued")
        # Receivers run in the order they were connected: django-tasks' own "state=RUNNING"
        # line moves after ours, so it carries the job's id as well.
        task_started.disconnect(log_task_started)
        task_started.connect(request_id.job_context, dispatch_uid="ops.job_context")
        task_started.connect(log_task_started)
        task_finished.connect(request_id.job_context_end, dispatch_uid="ops.job_context_end")
