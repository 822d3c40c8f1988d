"""Authentication backend for the test settings only."""

from django.http import HttpRequest

from axes.backends import AxesBackend


class AxesBackendAllowingTestClientLogin(AxesBackend):
    """django-axes' backend, except that Client.login() (no request: nothing to
    throttle) is let through instead of raising.

    AxesBackend rather than the AxesStandaloneBackend of the real settings: it
    only adds ModelBackend's get_user(), which Wagtail's page-test helpers need
    from the first backend listed (they force_login with it).
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
