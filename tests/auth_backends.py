"""Authentication backend for the test settings only."""

from django.http import HttpRequest

from axes.backends import AxesStandaloneBackend


class AxesBackendAllowingTestClientLogin(AxesStandaloneBackend):
    """django-axes' backend, except that Client.login() (no request: nothing to
    throttle) is let through instead of raising."""

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
