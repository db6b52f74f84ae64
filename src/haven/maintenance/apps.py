from django.apps import AppConfig


class MaintenanceConfig(AppConfig):
    name = "haven.maintenance"
    label = "maintenance"
    verbose_name = "Maintenance"
