from django.apps import AppConfig


class GradebookConfig(AppConfig):
    name = "kubegrade.gradebook"
    label = "gradebook"
