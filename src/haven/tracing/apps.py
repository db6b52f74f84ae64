from django.apps import AppConfig


class TracingConfig(AppConfig):
    name = "haven.tracing"
    label = "tracing"
    verbose_name = "Tracing"
