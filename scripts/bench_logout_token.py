"""Benchmark: the worst time to refuse a hostile back-channel logout request, at its bounds.

Each shape is POSTed to /oidc/backchannel-logout of a blog whose provider is nowhere reachable, so
what is timed is the blog's own reading and decoding before it would fetch any key (a token
naming an unknown issuer is refused there too). Prints one line per shape and the worst; exits
non-zero when the worst is over the target.

    .venv/bin/python scripts/bench_logout_token.py [--target-ms 20] [--runs 20]
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from blog import create_app  # noqa: E402
from blog.auth.logout_token import MAX_BODY_BYTES  # noqa: E402
from blog.auth.logout_token import MAX_TOKEN_CHARS  # noqa: E402


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def form(token: str) -> bytes:
    return b"logout_token=" + token.encode()


HEADER = b64(json.dumps({"alg": "RS256", "kid": "k"}).encode())
# Payload room left in a token at its bound, in base64 characters.
ROOM = MAX_TOKEN_CHARS - len(HEADER) - 10
SHAPES = {
    "one megabyte (Content-Length)": b"logout_token=" + b"a" * (1024 * 1024),
    "body at its bound, one field": form("a" * (MAX_BODY_BYTES - 13)),
    "body at its bound, many fields": b"&".join([b"f=1"] * (MAX_BODY_BYTES // 4)),
    "token at its bound, dots": form("." * MAX_TOKEN_CHARS),
    "token at its bound, one long string claim": form(
        HEADER + "." + b64(json.dumps({"iss": "x" * (ROOM * 3 // 4 - 20)}).encode()) + ".sig"),
    "token at its bound, nested arrays": form(
        HEADER + "." + b64(b"[" * (ROOM * 3 // 4)) + ".sig"),
    "token at its bound, many small claims": form(
        HEADER + "." + b64(json.dumps({f"c{n}": n for n in range(ROOM * 3 // 4 // 14)})
                           .encode()) + ".sig"),
    "token at its bound, unknown issuer": form(
        HEADER + "." + b64(json.dumps({"iss": "https://evil.example", "pad": "p" * (ROOM // 2)})
                           .encode()) + ".sig"),
    "encrypted (JWE) at its bound": form(".".join(["a" * (MAX_TOKEN_CHARS // 5 - 1)] * 5)),
    "not ASCII": b"logout_token=" + "é".encode() * (MAX_BODY_BYTES // 2 - 8),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target-ms", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=20)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                          "DATABASE_URL": f"sqlite:///{directory}/bench.sqlite",
                          "OIDC_ISSUER": "https://provider.invalid", "OIDC_CLIENT_ID": "bench",
                          "OIDC_CLIENT_SECRET": "bench-secret",
                          # Each refusal logs a warning; thousands of them would drown the figures.
                          "LOG_LEVEL": "ERROR"})
        client = app.test_client()
        worst = 0.0
        for name, body in SHAPES.items():
            times = []
            for _ in range(arguments.runs):
                started = time.perf_counter()
                response = client.post("/oidc/backchannel-logout", data=body,
                                       content_type="application/x-www-form-urlencoded")
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 400, (name, response.status_code)
            slowest = max(times)
            worst = max(worst, slowest)
            print(f"{name:45} {len(body):>8} bytes  median {sorted(times)[len(times) // 2]:6.2f} ms"
                  f"  worst {slowest:6.2f} ms  ({response.json['error_description']})")
    print(f"worst {worst:.2f} ms (target {arguments.target_ms:.0f} ms)")
    return 0 if worst <= arguments.target_ms else 1


if __name__ == "__main__":
    sys.exit(main())
