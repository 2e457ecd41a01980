"""A WSGI wrapper around the development provider that makes it misbehave on demand.

It stands for a provider that is broken or hostile, so that the blog's refusals can be proven over
real HTTP. Only the answers are altered; the provider underneath runs the real protocol.
"""

from __future__ import annotations

import base64
import io
import json
import time
from urllib.parse import parse_qsl

from werkzeug.wrappers import Request
from werkzeug.wrappers import Response

DISCOVERY_PATH = "/.well-known/openid-configuration"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwt_parts(token: str) -> tuple[dict, dict]:
    """(header, claims) of a compact JWS, without verifying it."""
    header, payload, _signature = token.split(".")
    return json.loads(_unb64(header)), json.loads(_unb64(payload))


def unsigned_jwt(claims: dict) -> str:
    """A JWT with alg "none" and no signature."""
    return (_b64(json.dumps({"alg": "none", "typ": "JWT"}).encode()) + "."
            + _b64(json.dumps(claims).encode()) + ".")


class FaultyProvider:
    """Wraps the provider app; set attributes to alter what it answers, reset() to behave again."""

    def __init__(self, provider_app):
        self.provider_app = provider_app
        self.keys = provider_app.extensions["devidp"]
        self.reset()

    def reset(self) -> None:
        """Answer exactly as the provider does."""
        self.discovery_changes: dict = {}
        self.id_token_changes: dict = {}      # claim -> value; None removes the claim
        self.id_token_header_changes: dict = {}
        self.unsigned_id_token = False
        self.drop_id_token = False
        self.userinfo_changes: dict = {}
        self.id_token_replacement = None      # callable(claims, header) -> compact token
        self.canned: dict[str, tuple[int, str, str]] = {}  # path -> (status, body, content type)
        self.broken_off: set[str] = set()  # paths whose answer stops halfway, connection closed
        self.delays: dict[str, float] = {}  # path -> seconds its answer waits before it starts
        self.requests: list[str] = []
        self.token_requests: list[dict] = []  # {"authorization": header or None, "form": {...}}

    def __call__(self, environ, start_response):
        request = Request(environ)
        self.requests.append(request.path)
        if request.path == "/token":
            self._record_token_request(environ, request)
        if request.path in self.delays:
            time.sleep(self.delays[request.path])
        if request.path in self.canned:
            status, body, content_type = self.canned[request.path]
            return Response(body, status, content_type=content_type)(environ, start_response)
        response = Response.from_app(self.provider_app, environ)
        if request.path in self.broken_off:
            return self._broken_off(response, start_response)
        if response.status_code == 200:
            if request.path == DISCOVERY_PATH and self.discovery_changes:
                self._change_json(response, self.discovery_changes)
            elif request.path == "/token":
                self._change_token_response(response)
            elif request.path == "/userinfo" and self.userinfo_changes:
                self._change_json(response, self.userinfo_changes)
        return response(environ, start_response)

    @staticmethod
    def _broken_off(response: Response, start_response):
        # The whole length is announced, half the body sent, and the connection closed: what a
        # provider (or a proxy before it) that fails in the middle of an answer looks like.
        body = response.get_data()
        headers = [(name, value) for name, value in response.headers.items()
                   if name.lower() not in ("content-length", "connection")]
        start_response(response.status, [*headers, ("Content-Length", str(len(body))),
                                         ("Connection", "close")])
        return [body[:len(body) // 2]]

    def _record_token_request(self, environ, request: Request) -> None:
        # Read the body, then hand the provider an unread copy of it.
        body = request.get_data()
        environ["wsgi.input"] = io.BytesIO(body)
        self.token_requests.append({"authorization": request.headers.get("Authorization"),
                                    "form": dict(parse_qsl(body.decode()))})

    @staticmethod
    def _change_json(response: Response, changes: dict) -> None:
        data = json.loads(response.get_data())
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        response.set_data(json.dumps(data))

    def _change_token_response(self, response: Response) -> None:
        data = json.loads(response.get_data())
        if self.drop_id_token:
            data.pop("id_token", None)
        elif "id_token" in data and (self.id_token_changes or self.unsigned_id_token
                                     or self.id_token_header_changes
                                     or self.id_token_replacement):
            header, claims = jwt_parts(data["id_token"])
            for key, value in self.id_token_changes.items():
                if value is None:
                    claims.pop(key, None)
                else:
                    claims[key] = value
            if self.id_token_replacement:
                data["id_token"] = self.id_token_replacement(claims, header)
            elif self.unsigned_id_token:
                data["id_token"] = unsigned_jwt(claims)
            else:
                data["id_token"] = self.keys.sign(claims, {**header,
                                                           **self.id_token_header_changes})
        response.set_data(json.dumps(data))
