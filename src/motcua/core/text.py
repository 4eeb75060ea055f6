"""Vietnamese text folding for search and matching.

``fold`` lowercases and strips diacritics. NFD decomposition removes the tone and vowel marks but
does not decompose đ/Đ (a letter of its own), so it is mapped explicitly. The database side uses
PostgreSQL's ``unaccent``, which also maps đ to d; both must agree.
"""

import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """'Đăng ký khai sinh' -> 'dang ky khai sinh'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
