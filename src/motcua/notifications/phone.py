"""Vietnamese mobile numbers in the two spellings providers want.

SMS gateways (eSMS) take the national form ``0912345678``; Zalo ZNS takes the international form
without "+" (``84912345678``). Both come from the same stored number (``accounts.User.phone``
accepts ``0…`` and ``+84…``).
"""

from __future__ import annotations

import re

_MOBILE = re.compile(r"^0[35789]\d{8}$")


def national(phone: str) -> str | None:
    """'+84 912 345 678' -> '0912345678'; None when it is not a Vietnamese mobile number."""
    digits = re.sub(r"[\s.\-()]", "", phone or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if _MOBILE.match(digits) else None


def international(phone: str) -> str | None:
    """'0912345678' -> '84912345678'."""
    number = national(phone)
    return "84" + number[1:] if number else None
