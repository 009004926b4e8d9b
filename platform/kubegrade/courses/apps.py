from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "kubegrade.courses"
    label = "courses"
