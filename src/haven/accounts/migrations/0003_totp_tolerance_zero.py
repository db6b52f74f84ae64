"""Existing TOTP devices accept a code only in its own time step (tolerance 0)."""

from django.db import migrations


def tolerance_zero(apps, schema_editor):
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    TOTPDevice.objects.exclude(tolerance=0).update(tolerance=0)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_administration"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(tolerance_zero, migrations.RunPython.noop)]
