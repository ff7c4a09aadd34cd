"""A stand-in for Amazon's Skill Management API on loopback, answering the calls `ask deploy`
makes for a skill package (upload URL, upload, import, import status, enablement), and keeping
what it was sent, so a test can run the real ASK CLI without an Amazon account."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"


class FakeSmapi:
    """Start with `with FakeSmapi() as smapi:`; `smapi.url` goes in ASK_SMAPI_SERVER_BASE_URL."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str | None]] = []  # (method, path, Authorization)
        self.uploaded: bytes | None = None
        self.imports: list[dict[str, Any]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSmapi:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        smapi = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _send(self, code: int, body: Any = None, headers: dict | None = None) -> None:
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _answer(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path
                smapi.calls.append((method, path, self.headers.get("Authorization")))
                if method == "POST" and path == "/v1/skills/uploads":
                    upload = f"{smapi.url}/upload/package"
                    return self._send(
                        201, {"uploadUrl": upload, "expiresAt": "2099-01-01T00:00:00Z"}
                    )
                if method == "PUT" and path == "/upload/package":
                    smapi.uploaded = body
                    return self._send(200)
                if method == "POST" and re.fullmatch(r"/v1/skills(/[^/]+)?/imports", path):
                    smapi.imports.append(json.loads(body or b"{}"))
                    return self._send(202, None, {"Location": "/v1/skills/imports/import-1"})
                if method == "GET" and path == "/v1/skills/imports/import-1":
                    status = {
                        "status": "SUCCEEDED",
                        "skill": {"skillId": SKILL_ID, "resources": []},
                    }
                    return self._send(200, status)
                if path.endswith("/enablement"):
                    return self._send(204 if method == "PUT" else 404, None)
                return self._send(404, {"message": f"not part of the stand-in: {method} {path}"})

            def do_GET(self) -> None:  # noqa: N802 - the http.server interface
                self._answer("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._answer("POST")

            def do_PUT(self) -> None:  # noqa: N802
                self._answer("PUT")

        return Handler
