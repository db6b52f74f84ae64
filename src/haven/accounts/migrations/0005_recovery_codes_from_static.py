"""Recovery codes kept in clear by django-otp's static device become digests in
``RecoveryCodeDevice``; the static devices (and their readable tokens) are deleted."""

from django.db import migrations


def hash_static_tokens(apps, schema_editor):
    from haven.accounts.models import recovery_code_digest

    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    StaticToken = apps.get_model("otp_static", "StaticToken")
    RecoveryCodeDevice = apps.get_model("accounts", "RecoveryCodeDevice")
    RecoveryCode = apps.get_model("accounts", "RecoveryCode")
    for static in StaticDevice.objects.all():
        device = RecoveryCodeDevice.objects.create(
            user_id=static.user_id, name=static.name, confirmed=static.confirmed
        )
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=device, digest=recovery_code_digest(token))
            for token in StaticToken.objects.filter(device=static).values_list("token", flat=True)
        )
        static.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_recovery_codes_hashed"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(hash_static_tokens, migrations.RunPython.noop)]
