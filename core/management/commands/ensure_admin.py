"""Make sure an admin login exists, without ever using a hard-coded password."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


class Command(BaseCommand):
    help = (
        "Ensure a superuser exists. Uses ADMIN_USERNAME / ADMIN_PASSWORD when set; "
        "otherwise creates 'admin' with a generated password printed once."
    )

    def handle(self, *args, **options) -> None:
        User = get_user_model()
        username = env("ADMIN_USERNAME", "admin")
        password = env("ADMIN_PASSWORD")
        user = User.objects.filter(username=username).first()
        if password:
            # The same rules as the admin's password form, checked before any write.
            candidate = user or User(username=username, email=env("ADMIN_EMAIL", ""))
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                reasons = " ".join(error.messages)
                raise CommandError(
                    f"ADMIN_PASSWORD refused, nothing changed: {reasons}"
                ) from None

        if user is not None:
            if password:
                user.set_password(password)
                user.save(update_fields=["password"])
                self.stdout.write(
                    f"Admin login: {username} (password from ADMIN_PASSWORD)"
                )
            else:
                self.stdout.write(
                    f"Admin login: {username} (existing account; password unchanged. "
                    "Set ADMIN_PASSWORD and run again to reset it.)"
                )
            return

        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username=username, email=env("ADMIN_EMAIL", ""), password=password
        )
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Admin login created: {username} / {password}  "
                    "(shown once; keep it safe)"
                )
            )
        else:
            self.stdout.write(
                f"Admin login created: {username} (password from ADMIN_PASSWORD)"
            )
