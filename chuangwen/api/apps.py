from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "chuangwen.api"
    verbose_name = "API"
