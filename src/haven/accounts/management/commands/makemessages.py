"""Django's makemessages, also reading ``_lazy(...)`` (our alias of gettext_lazy where
``_`` is gettext), which xgettext does not know by itself."""

from django.core.management.commands.makemessages import Command as MakeMessages


class Command(MakeMessages):
    xgettext_options = [*MakeMessages.xgettext_options, "--keyword=_lazy"]
