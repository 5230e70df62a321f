"""A fake GOV.UK Notify API on loopback, for tests: checks the client's signed token the way
Notify does and keeps what it was asked to send."""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt


class FakeNotify:
    def __init__(self):
        self.service_id = str(uuid.uuid4())
        self.secret = str(uuid.uuid4())
        self.api_key = f"test_key-{self.service_id}-{self.secret}"
        self.template_id = str(uuid.uuid4())
        self.received: list[dict] = []
        # Set to a status (400, 500) to refuse; the refusal quotes the number, as a careless
        # API might, so tests can check it never reaches our logs.
        self.fail_with: int | None = None
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base_url = f"http://127.0.0.1:{self._server.server_port}"

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                try:
                    claims = jwt.decode(token, fake.secret, algorithms=["HS256"])
                except jwt.PyJWTError:
                    return self._answer(403, {"errors": [{"error": "AuthError"}]})
                if claims.get("iss") != fake.service_id or self.path != "/v2/notifications/sms":
                    return self._answer(403, {"errors": [{"error": "AuthError"}]})
                if fake.fail_with:
                    return self._answer(fake.fail_with, {"status_code": fake.fail_with, "errors": [
                        {"error": "BadRequestError",
                         "message": f"Cannot send to {body.get('phone_number')}"}]})
                fake.received.append(body)
                self._answer(201, {"id": str(uuid.uuid4()), "reference": None,
                                   "content": {"body": "sent", "from_number": "GOVUK"},
                                   "template": {"id": body["template_id"], "version": 1}})

            def _answer(self, status: int, payload: dict):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):  # quiet
                pass

        return Handler
