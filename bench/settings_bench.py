"""Settings of the HTTP benchmarks (bench_survey_submit.py): the project's settings, plus

* ``/bench/ping``, a minimal Django view through the same middleware, for the ratio;
* the surveys app mounted where chuangwen/urls.py does not mount it yet;
* the per-address cap of the public form raised: every wrk connection comes from 127.0.0.1,
  where real patients come from many addresses. The per-client limit stays on; the wrk script
  sends a different User-Agent per request, so each request is a different client."""

from chuangwen.settings import *  # noqa: F403
from chuangwen.settings import INSTALLED_APPS

if "chuangwen.surveys" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "chuangwen.surveys"]
ROOT_URLCONF = "bench.urls_bench"
SURVEYS_RATE_LIMITS = {**SURVEYS_RATE_LIMITS, "ip": (10**9, 600)}  # noqa: F405
DEBUG = False
