import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Creates a local superuser with a random password the first time; prints how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, username: str, url: str, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Admin: log in at {url} as “{username}” (the password was printed on the first run; "
                f"`python manage.py changepassword {username}` sets a new one)."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(f"Admin: log in at {url} as “{username}” with password {password}")
            + "\n(shown once; `python manage.py changepassword "
            + username
            + "` sets a new one)"
        )
