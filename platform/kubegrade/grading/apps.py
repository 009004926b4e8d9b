from django.apps import AppConfig


class GradingConfig(AppConfig):
    name = "kubegrade.grading"
    label = "grading"
