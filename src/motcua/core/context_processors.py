from django.utils.functional import SimpleLazyObject

from motcua.core.navigation import main_navigation, staff_navigation
from motcua.core.portal import portal_identity


def portal(request):
    """The portal identity and main navigation for every page (lazy: no query unless used)."""
    return {
        "portal": SimpleLazyObject(portal_identity),
        "main_nav": SimpleLazyObject(lambda: main_navigation(request)),
        "staff_nav": SimpleLazyObject(lambda: staff_navigation(request)),
    }
