from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "haven.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.db.models.signals import pre_save
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from haven.accounts import (  # noqa: F401
            schema,  # registers the OpenAPI descriptions of the authentication classes
            sessions,  # connects the sign-in signal
        )

        pre_save.connect(
            _totp_own_step_only, sender=TOTPDevice, dispatch_uid="haven.totp.tolerance"
        )


def _totp_own_step_only(sender: object, instance: object, **kwargs: object) -> None:
    """Every TOTP device, however it is made (service, shell, test), accepts a code only
    in its own time step: tolerance 0, never django-otp's default of 1."""
    instance.tolerance = 0  # type: ignore[attr-defined]
