"""What an identity provider plugin is.

A provider sends the person to sign in elsewhere (``begin``) and, when they come back, proves who
they are (``complete``) as an ``ExternalProfile``. It never creates or changes accounts:
``accounts.services.sign_in_external`` does, from the profile.
"""

from __future__ import annotations

import abc
from typing import ClassVar

from django.http import HttpRequest, HttpResponse

from motcua.accounts.services import ExternalProfile


class SignInFailed(Exception):
    """The provider did not prove who the person is; ``message`` is Vietnamese, for them."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(f"{message} ({detail})" if detail else message)
        self.message = message
        self.detail = detail


class IdentityProvider(abc.ABC):
    code: ClassVar[str]
    label: ClassVar[str]  # "VNeID"
    button_label: ClassVar[str]  # "Đăng nhập bằng VNeID"

    def configuration_problem(self) -> str | None:
        """What is missing from the settings, or None when the provider can be offered."""
        return None

    @abc.abstractmethod
    def begin(self, request: HttpRequest, redirect_uri: str) -> HttpResponse:
        """The redirect to the provider's sign-in page."""

    @abc.abstractmethod
    def complete(self, request: HttpRequest) -> ExternalProfile:
        """Check the provider's answer on ``redirect_uri``; raise SignInFailed when it fails."""
