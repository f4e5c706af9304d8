from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RobotsConfig(AppConfig):
    name = "chuangwen.robots"
    verbose_name = _("Group robots")

    def ready(self) -> None:
        # The dashboard's one notification service hands every sent notification to the robots
        # and asks them which kinds each user turned off (dashboard never imports robots).
        from chuangwen.dashboard.services import register_channel, register_opt_out

        from . import services

        register_channel(services.route)
        register_opt_out(services.opt_out)
