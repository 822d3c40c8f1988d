"""Remove a person's two-factor sign-in, for when they lost their phone and
nobody who can do it in the admin (Settings › Login security) can sign in."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.two_factor import remove_two_factor


class Command(BaseCommand):
    help = (
        "Remove two-factor sign-in from an account: the person then signs in "
        "with their password alone and can set it up again from their account."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="the account's username")

    def handle(self, *args, username: str, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account has the username {username!r}.")
        removed = remove_two_factor(user)
        if not removed:
            self.stdout.write(f"{username} has no two-factor sign-in: nothing changed.")
            return
        self.stdout.write(
            f"Two-factor sign-in removed for {username}. They sign in with their "
            "password and can set it up again from their account."
        )
