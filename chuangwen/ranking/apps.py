from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingConfig(AppConfig):
    name = "chuangwen.ranking"
    verbose_name = _("Bureau ranking")

    def ready(self):
        from chuangwen.reports.documents import register

        from .bulletin import ranking_bulletin_kind

        register(ranking_bulletin_kind())
