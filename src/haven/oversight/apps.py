from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "haven.oversight"
    label = "oversight"
    verbose_name = "Oversight"

    def ready(self) -> None:
        from haven.oversight import alerts  # noqa: F401  (registers kinds and rules)
