from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "haven.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from haven.accounts import (  # noqa: F401
            schema,  # registers the OpenAPI descriptions of the authentication classes
            sessions,  # connects the sign-in signal
        )
