"""A local stand-in for the 企业微信 and 钉钉 robot servers (tests, the demo): a threaded
``http.server`` on 127.0.0.1 that records every request, checks 钉钉's signature when it knows
the robot's secret, checks the message's shape, and answers as the platforms do
(``{"errcode": 0, "errmsg": "ok"}``). It can be told to fail the next requests, with an HTTP
error or an ``errcode``. ``manage.py robot_standin`` runs one for the demo."""

from __future__ import annotations

import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .webhooks import PLATFORMS, dingtalk_sign

WECOM_PATH, DINGTALK_PATH = PLATFORMS["wecom"][1], PLATFORMS["dingtalk"][1]
MAX_SKEW_MS = 3600 * 1000  # 钉钉 refuses a timestamp more than an hour off


@dataclass
class Received:
    platform: str  # "wecom" | "dingtalk" | ""
    path: str
    query: dict
    body: dict | None
    signed: bool | None  # 钉钉 with a known secret: whether the signature matched
    answer: dict


@dataclass
class StandIn:
    host: str = "127.0.0.1"
    port: int = 0
    secrets: dict[str, str] = field(default_factory=dict)  # 钉钉 access_token -> secret
    requests: list[Received] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # "http500" | "errcode" for the next requests

    def start(self) -> StandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = min(int(self.headers.get("Content-Length") or 0), 1 << 20)
                status, answer = standin.handle(self.path, self.rfile.read(length))
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def netloc(self) -> str:
        return f"{self.host}:{self.port}"

    def wecom_url(self, key: str = "demo-key") -> str:
        return f"http://{self.netloc}{WECOM_PATH}?key={key}"

    def dingtalk_url(self, token: str = "demo-token") -> str:
        return f"http://{self.netloc}{DINGTALK_PATH}?access_token={token}"

    def fail_next(self, count: int = 1, how: str = "http500") -> None:
        self.failures += [how] * count

    def handle(self, path: str, raw: bytes) -> tuple[int, dict]:
        parts = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        platform = {WECOM_PATH: "wecom", DINGTALK_PATH: "dingtalk"}.get(parts.path, "")
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            body = None
        signed = None
        if platform == "dingtalk" and query.get("access_token") in self.secrets:
            signed = _signature_ok(self.secrets[query["access_token"]], query)
        status, answer = self._answer(platform, query, body, signed)
        self.requests.append(Received(platform, parts.path, query, body, signed, answer))
        return status, answer

    def _answer(self, platform, query, body, signed) -> tuple[int, dict]:
        if self.failures:
            how = self.failures.pop(0)
            if how == "errcode":
                return 200, {"errcode": 45009, "errmsg": "api freq out of limit"}
            return 500, {"errcode": -1, "errmsg": "system busy"}
        if not platform:
            return 404, {"errcode": 404, "errmsg": "not found"}
        if not query.get("key" if platform == "wecom" else "access_token"):
            return 200, {"errcode": 93000 if platform == "wecom" else 300001, "errmsg": "invalid webhook url"}
        if signed is False:
            return 200, {"errcode": 310000, "errmsg": "sign not match"}
        if not well_formed(platform, body):
            return 200, {"errcode": 40008, "errmsg": "invalid message type"}
        return 200, {"errcode": 0, "errmsg": "ok"}


def _signature_ok(secret: str, query: dict) -> bool:
    try:
        ts = int(query.get("timestamp", ""))
    except ValueError:
        return False
    if abs(time.time() * 1000 - ts) > MAX_SKEW_MS:
        return False
    return hmac.compare_digest(query.get("sign", ""), dingtalk_sign(secret, ts))


def well_formed(platform: str, body) -> bool:
    """The message as the platform accepts it: text or markdown with its content."""
    if not isinstance(body, dict) or body.get("msgtype") not in ("text", "markdown"):
        return False
    part = body.get(body["msgtype"])
    if not isinstance(part, dict):
        return False
    if body["msgtype"] == "text":
        return bool(part.get("content"))
    if platform == "dingtalk":
        return bool(part.get("title")) and bool(part.get("text"))
    return bool(part.get("content"))
