from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "haven.safety"
    label = "safety"
    verbose_name = "Safety"

    def ready(self) -> None:
        # register the alert kinds and time rules
        from haven.safety import kinds, rules  # noqa: F401
