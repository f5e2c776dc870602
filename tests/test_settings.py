"""Settings come from the environment, with safe defaults and loud errors."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


PRINT_SETTINGS = "from django.conf import settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])"


def load_settings(code: str = PRINT_SETTINGS, **env: str) -> subprocess.CompletedProcess:
    """Load the settings in a fresh process with ``env`` and run ``code`` there."""
    unset = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "API_ANON_RATE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "tracker.settings", **env},
        capture_output=True,
        text=True,
    )


def test_debug_is_off_unless_the_environment_turns_it_on():
    result = load_settings(SECRET_KEY="x" * 50)
    assert result.stdout.split()[0] == "False"


def test_a_missing_secret_key_is_a_clear_error_when_debug_is_off():
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_runs_without_a_secret_key():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


def test_a_bad_boolean_is_a_clear_error():
    result = load_settings(DEBUG="maybe")
    assert "DEBUG must be 1/true/yes/on or 0/false/no/off" in result.stderr


def test_database_url_chooses_postgresql():
    result = load_settings(DEBUG="1", DATABASE_URL="postgres://u@db.example.org:5432/tracker")
    assert result.stdout.split()[1] == "django.db.backends.postgresql"


def test_an_empty_database_url_means_the_sqlite_default():
    result = load_settings(DEBUG="1", DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "django.db.backends.sqlite3"


def test_passwords_are_hashed_slowly_outside_the_test_suite():
    code = "from django.conf import settings as s; print(s.PASSWORD_HASHERS[0])"
    result = load_settings(code, SECRET_KEY="x" * 50, TESTING="0")
    assert result.stdout.strip() == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    result = load_settings(code, SECRET_KEY="x" * 50, TESTING="1")
    assert result.stdout.strip() == "django.contrib.auth.hashers.MD5PasswordHasher"
