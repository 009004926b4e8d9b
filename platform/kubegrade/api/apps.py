from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kubegrade.api"
    label = "api"
