"""Sign in with a username, an email address or a mobile number, and a password.

Which account an identifier names is ``services.find_user``'s decision. The backend checks only
the password and that the account may sign in; counting failures and the lockout belong to
the login form (``forms.LoginForm``), which sees every attempt.
"""

from django.contrib.auth.backends import ModelBackend

from motcua.accounts.models import User
from motcua.accounts.services import find_user


class IdentifierBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        user = find_user(username)
        if user is None:
            User().set_password(password)  # same time as a real check: names cannot be probed
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
