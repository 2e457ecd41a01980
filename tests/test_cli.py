"""The `flask --app blog` command line: help always lists every command; a bad setup stops cleanly.

Each test runs the real `flask` (sys.executable -m flask) in a temporary directory (so no .env is
found) with an environment that holds only what the test sets.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

COMMANDS = {"db", "purge-sessions", "purge-images", "purge-cache", "seed-demo", "run", "shell",
            "routes"}
# Enough for a production start; each bad configuration below spoils it in one way.
GOOD_CONFIGURATION = {"SECRET_KEY": "cli-test-secret", "PUBLIC_URL": "https://blog.example",
                      "OIDC_ISSUER": "https://id.example",
                      "OIDC_CLIENT_ID": "blog-client", "OIDC_CLIENT_SECRET": "blog-secret"}
BAD_CONFIGURATIONS = {
    "nothing set": ({}, "SECRET_KEY is not set"),
    "no secret key": ({**GOOD_CONFIGURATION, "SECRET_KEY": ""}, "SECRET_KEY is not set"),
    "no provider": ({"SECRET_KEY": "cli-test-secret", "PUBLIC_URL": "https://blog.example"},
                    "No OpenID provider is configured"),
    "no public address": ({**GOOD_CONFIGURATION, "PUBLIC_URL": ""}, "PUBLIC_URL is not set"),
    "no client secret": ({**GOOD_CONFIGURATION, "OIDC_CLIENT_SECRET": ""},
                         "OIDC_CLIENT_SECRET is not"),
    "bad number": ({**GOOD_CONFIGURATION, "POSTS_PER_PAGE": "ten"},
                   "POSTS_PER_PAGE must be a whole number"),
}


def run_flask(tmp_path, *args: str, **environment: str) -> subprocess.CompletedProcess:
    """`flask --app blog ARGS` in tmp_path with only PATH, HOME, a database and `environment`."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
           "LANG": "C.UTF-8", "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}",
           **environment}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "blog", *args], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=60)


def listed_commands(help_text: str) -> set[str]:
    """The command names in the Commands: section of a help text."""
    section = help_text.split("\nCommands:\n", 1)[1]
    return {line.split()[0] for line in section.splitlines() if line.startswith("  ")}


@pytest.mark.parametrize("args", [["--help"], ["--debug", "--help"]], ids=" ".join)
@pytest.mark.parametrize("configuration", ["good", *BAD_CONFIGURATIONS])
def test_help_lists_every_command_without_an_error(tmp_path, args, configuration):
    environment = (GOOD_CONFIGURATION if configuration == "good"
                   else BAD_CONFIGURATIONS[configuration][0])
    result = run_flask(tmp_path, *args, **environment)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "Error" not in result.stderr
    assert listed_commands(result.stdout) == COMMANDS


def assert_stopped_with(result: subprocess.CompletedProcess, message: str, tmp_path) -> None:
    """The command failed with `Error: <message>`, no traceback, and touched no database."""
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "cli.sqlite").exists()


@pytest.mark.parametrize("command", [["db", "upgrade"], ["run"], ["routes"], ["shell"],
                                     ["purge-sessions"], ["purge-images"],
                                     ["seed-demo", "--posts", "1"]],
                         ids=" ".join)
def test_every_command_with_a_bad_configuration_stops_with_the_message_alone(tmp_path, command):
    environment, message = BAD_CONFIGURATIONS["nothing set"]
    assert_stopped_with(run_flask(tmp_path, *command, **environment), message, tmp_path)


@pytest.mark.parametrize("configuration", BAD_CONFIGURATIONS)
def test_each_bad_configuration_stops_the_release_phase_with_its_message(tmp_path,
                                                                         configuration):
    environment, message = BAD_CONFIGURATIONS[configuration]
    assert_stopped_with(run_flask(tmp_path, "db", "upgrade", **environment), message, tmp_path)
