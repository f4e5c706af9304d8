"""``manage.py robot_standin``: a local stand-in for the 企业微信 and 钉钉 robot servers, for the
demo (its robots point at http://127.0.0.1:8799); prints each message it receives."""

import time

from django.core.management.base import BaseCommand

from chuangwen.robots.standin import StandIn


class Command(BaseCommand):
    help = "Run a local stand-in of the WeCom and DingTalk robot servers that prints what it receives."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8799)
        parser.add_argument("--secret", action="append", default=[], help="TOKEN=SECRET of a DingTalk robot to check")

    def handle(self, *args, port=8799, secret=(), **options):
        secrets = dict(s.split("=", 1) for s in secret if "=" in s)
        standin = StandIn(port=port, secrets=secrets).start()
        self.stdout.write(f"robot stand-in on http://{standin.netloc} (Ctrl-C stops)")
        seen = 0
        try:
            while True:
                time.sleep(0.5)
                for r in standin.requests[seen:]:
                    text = (r.body or {}).get("markdown", {}) if r.body else {}
                    title = text.get("title") or (text.get("content") or "").split("\n", 1)[0]
                    self.stdout.write(f"{r.platform or '?'} {r.answer.get('errmsg')} signed={r.signed} {title}")
                seen = len(standin.requests)
        except KeyboardInterrupt:
            standin.stop()
