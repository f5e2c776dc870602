"""A signed-in editor for the run's "signed in" column, made for it and removed after it.

    python -m bench.probes.editor_session create    -> {"username", "cookie", "token"}
    python -m bench.probes.editor_session remove <username>   -> what is left of it (all zero)

The editor is what the project calls one: a staff user in the Editors group, not a superuser
(whose permission checks are free). Its session is written as ``login()`` writes one, without
the login signal: the signal would also stamp ``last_login`` and leave a row in django-axes's
access log, which outlives the user. Its API token is what an editor's script sends instead of a
cookie. Removing the user removes its token; its session row goes by its key. A unique name per
run keeps it apart from ``bench-editor`` (bench/probes/editor_token.py), which the concurrent-write
benchmark keeps.
"""

import json
import sys
import uuid

import django


def create() -> dict:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore
    from rest_framework.authtoken.models import Token

    user = User.objects.create_user(f"bench-signed-in-{uuid.uuid4().hex[:12]}", password=None, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {
        "username": user.username,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
        "token": Token.objects.create(user=user).key,
    }


def remove(username: str) -> dict:
    """Deletes the editor, its token and its sessions; counts what is left of them."""
    from django.contrib.auth import SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.models import Session
    from rest_framework.authtoken.models import Token

    def sessions_of(user_id: int | None) -> list[str]:
        return [s.pk for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(user_id)]

    user_id = User.objects.filter(username=username).values_list("pk", flat=True).first()
    if user_id is not None:
        Session.objects.filter(pk__in=sessions_of(user_id)).delete()
        User.objects.filter(pk=user_id).delete()
    return {
        "users": User.objects.filter(username=username).count(),
        "tokens": Token.objects.filter(user__username=username).count(),
        "sessions": len(sessions_of(user_id)) if user_id is not None else 0,
    }


if __name__ == "__main__":
    django.setup()
    action, *args = sys.argv[1:]
    print(json.dumps(create() if action == "create" else remove(*args)))
