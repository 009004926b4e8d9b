from django.apps import AppConfig


class GradingConfig(AppConfig):
    name = "kubegrade.grading"
    label = "grading"

    def ready(self) -> None:
        from kubegrade.grading import tasks  # noqa: F401  (subscribes the senders to kubegrade.events)
