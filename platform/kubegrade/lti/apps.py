from django.apps import AppConfig


class LtiConfig(AppConfig):
    name = "kubegrade.lti"
    label = "kg_lti"  # lti_tool's own app holds the label "lti_tool"; this one is ours
    verbose_name = "LMS integration (LTI 1.3)"

    def ready(self) -> None:
        from kubegrade.lti import tasks  # noqa: F401  (subscribes the passback to kubegrade.events)
