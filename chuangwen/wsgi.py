import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuangwen.settings")
django.setup(set_prefix=False)

from chuangwen.core.handlers import Application  # noqa: E402

application = Application()
