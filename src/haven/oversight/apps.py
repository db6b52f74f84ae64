from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "haven.oversight"
    label = "oversight"
    verbose_name = "Oversight"
