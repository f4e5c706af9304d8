import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuangwen.settings")
application = get_wsgi_application()

from django.urls import get_resolver  # noqa: E402

# The ~100,000 objects alive once the project is loaded (models, URLconf, views) live as long as
# the process. A full garbage collection scanning them takes ~60 ms here, and every request of
# the process waits for it: load every view now, then leave those objects out of collections.
get_resolver().url_patterns  # noqa: B018
gc.freeze()
