import os
import subprocess
import sys

import pytest
from django.test import Client

from lokaalwerk.core.testing import REPO_ROOT


def _production_env(tmp_path) -> dict[str, str]:
    dropped = {"PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        {
            "LOKAALWERK_SECRET_KEY": "x" * 40 + "production-grade-random-string-0123456789",
            "LOKAALWERK_ALLOWED_HOSTS": "lokaalwerk.example.be",
            "LOKAALWERK_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "lokaalwerk.settings",
        }
    )
    env.pop("LOKAALWERK_DEBUG", None)
    env.pop("LOKAALWERK_HTTPS", None)
    return env


def test_the_deployment_check_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "lokaalwerk", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_turn_on_https_and_hide_debug(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS > 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=REPO_ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "True", "True", "True", "True"], result.stderr


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client: Client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()
