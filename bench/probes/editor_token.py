"""An editor for API clients that write (``bench-editor``, in the Editors group), made once:
its API token, as JSON."""

import json

import django


def main() -> None:
    django.setup()
    from django.contrib.auth.models import Group, User
    from rest_framework.authtoken.models import Token

    user, _ = User.objects.get_or_create(username="bench-editor")
    user.groups.add(Group.objects.get(name="Editors"))
    print(json.dumps(Token.objects.get_or_create(user=user)[0].key))


if __name__ == "__main__":
    main()
