"""Vietnamese first: the language is Vietnamese unless the visitor chose another one.

Django's LocaleMiddleware also follows the browser's Accept-Language header, which would show
English to the many citizens whose phone or computer is set to English. Here only an explicit
choice (the language cookie set by the switch in the page header) changes the language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from motcua.core.storage import close_request_ledger, open_request_ledger


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class FileCleanupMiddleware:
    """Files saved by a transaction that rolled back during the request are deleted when the
    request ends (see ``core.storage``), so a failed submission leaves no orphan scan."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        open_request_ledger()
        try:
            return self.get_response(request)
        finally:
            close_request_ledger()
