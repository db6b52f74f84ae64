from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "haven.interviews"
    label = "interviews"
    verbose_name = "Interviews"
