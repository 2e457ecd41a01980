"""The content version's listeners are registered by create_app's caching step, not on import."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHECK = textwrap.dedent("""
    from sqlalchemy import event

    from blog.caching import version
    from blog.extensions import db

    def registered():
        return (event.contains(db.session, "before_flush", version._bump_with_public_changes),
                event.contains(version.ContentVersion.__table__, "after_create",
                               version._insert_first_version))

    print("after import", registered())
    from blog import create_app

    create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://",
                "OIDC_ISSUER": "http://127.0.0.1:9", "OIDC_CLIENT_ID": "c",
                "OIDC_CLIENT_SECRET": "s"})
    print("after create_app", registered())
""")



def _run() -> list[str]:
    # A fresh interpreter: in the test process, other tests have long since built apps.
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                            check=True, timeout=60)
    return result.stdout.splitlines()


def test_importing_the_version_module_registers_nothing():
    assert _run()[0] == "after import (False, False)"


def test_create_app_registers_both_listeners():
    assert _run()[1] == "after create_app (True, True)"
