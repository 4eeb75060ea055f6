"""Vietnamese procedure search: diacritics-insensitive, typo-tolerant, ranked.

The database holds ``Procedure.search_text`` and ``name_key``: code, name, field and agency
names folded by the IMMUTABLE ``motcua_unaccent`` (đ/Đ -> d), lower-cased, with y written as i
so "đăng kí" finds "đăng ký". The query is folded the same way in Python (``search_key``, built
on ``core.text.fold``, which agrees with unaccent). A procedure matches when all query words
occur (full-text, the last word as a prefix), or the query is a near match of words in it
(pg_trgm word similarity: typos), or its code starts with the query.

Ranking, highest first: exact code; code prefix; every word present in the name; full-text
rank; trigram closeness of the name (which favours the shortest name that fits, so "khai sinh"
puts "Thủ tục đăng ký khai sinh" before its longer cousins).

This module only reads. It never builds SQL from the query text: every value is a parameter.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from motcua.catalog.generation import kept_in_generation
from motcua.core.kept import Kept
from motcua.core.text import fold

_WORD = re.compile(r"[0-9a-z]+")
_CODE_QUERY = re.compile(r"^\s*[0-9]\.[0-9.A-Za-z]*\s*$")


def search_key(text: str) -> str:
    """Fold like the database column: no diacritics, đ -> d, lower case, y -> i."""
    return fold(text).replace("y", "i")


@dataclass(frozen=True)
class SearchFilters:
    field_id: int | None = None
    agency_id: int | None = None
    service_level: int | None = None
    end_to_end: bool = False
    government_level: str | None = None


NO_FILTERS = SearchFilters()


def _filter_sql(filters: SearchFilters) -> tuple[str, list]:
    clauses, params = ["p.is_active"], []
    if filters.field_id:
        clauses.append("p.field_id = %s")
        params.append(filters.field_id)
    if filters.agency_id:
        clauses.append(
            "EXISTS (SELECT 1 FROM catalog_procedureoffering o "
            "WHERE o.procedure_id = p.id AND o.agency_id = %s AND o.is_active)"
        )
        params.append(filters.agency_id)
    if filters.service_level:
        clauses.append("p.service_level = %s")
        params.append(filters.service_level)
    if filters.end_to_end:
        clauses.append("p.online_mode = 'end_to_end'")
    if filters.government_level:
        clauses.append("%s = ANY(p.levels)")
        params.append(filters.government_level)
    return " AND ".join(clauses), params


def search_procedure_ids(
    query: str, filters: SearchFilters = NO_FILTERS, *, limit: int = 20, offset: int = 0
) -> tuple[list[int], int]:
    """Ids of the procedures matching ``query`` and ``filters``, best first, and the total.

    Exact words first (full text, indexed and fast); only when nothing matches does the search
    fall back to trigram similarity of the names, which forgives typos but costs more.
    """
    hits = search_hits(query, filters, limit=limit, offset=offset)
    return hits.ids, hits.total


class Hits(NamedTuple):
    ids: list[int]
    total: int
    # The catalog's generation they were ranked at (None: ranked while the catalog changed,
    # nothing is kept): what a page made of these hits may be kept under.
    generation: int | None


# Ranking a broad query ("cấp đổi", "đất đai") costs PostgreSQL 5-15 ms, and citizens search
# the same words all day. Results are kept per process under the catalog's generation, which
# the database moves with every statement that writes the catalog (``catalog.generation``),
# even twice in one transaction: one trivial query tells whether a kept result still holds.
_kept = Kept(4096)  # queries per process (the most recently asked)


def search_hits(
    query: str, filters: SearchFilters = NO_FILTERS, *, limit: int = 20, offset: int = 0
) -> Hits:
    """As ``search_procedure_ids``, with the catalog generation the hits belong to (``None``
    when they were ranked while the catalog changed: nothing made of them may be kept)."""

    def rank(_generation):
        ids, total = _search(query, filters, limit=limit, offset=offset, fuzzy=False)
        if total == 0 and _WORD.search(search_key(query or "")):
            ids, total = _search(query, filters, limit=limit, offset=offset, fuzzy=True)
        return ids, total

    (ids, total), generation, kept = kept_in_generation(
        _kept, (query, filters, limit, offset), rank
    )
    return Hits(ids, total, generation if kept else None)


def _search(
    query: str, filters: SearchFilters, *, limit: int, offset: int, fuzzy: bool
) -> tuple[list[int], int]:
    where, params = _filter_sql(filters)
    key = search_key(query or "")
    words = _WORD.findall(key)
    if not words and not _CODE_QUERY.match(query or ""):
        sql = f"""
            SELECT p.id, count(*) OVER () FROM catalog_procedure p
             WHERE {where} ORDER BY p.code LIMIT %s OFFSET %s
        """  # noqa: S608 - fixed clauses; values are parameters
        return _ids_and_total(sql, [*params, limit, offset])

    code = (query or "").strip().upper()
    looks_like_code = bool(_CODE_QUERY.match(query or ""))
    exact = " ".join(unicodedata.normalize("NFC", query or "").lower().split())
    # Full-text: every word, the last one as a prefix so a half-typed word still counts.
    tsquery = " & ".join([*words[:-1], f"{words[-1]}:*"]) if words else "x"
    key = " ".join(words)
    # Values go in as parameters, inline (not through a CTE), so the planner sees constants and
    # uses the trigram and full-text indexes.
    sql = f"""
        SELECT p.id, count(*) OVER ()
          FROM catalog_procedure p
         WHERE {where}
           AND (
                {"p.code LIKE %(code_prefix)s OR" if looks_like_code else ""}
                p.search_vector @@ to_tsquery('simple', %(ts)s)
             {"OR %(key)s <%% p.name_key" if fuzzy else ""}
           )
         ORDER BY
            (p.code = %(code)s) DESC,
            (p.code LIKE %(code_prefix)s) DESC,
            (strpos(lower(p.name), %(exact)s) > 0) DESC,
            (strpos(p.name_key, %(key)s) > 0) DESC,
            ts_rank(to_tsvector('simple'::regconfig, p.name_key), to_tsquery('simple', %(ts)s))
              + word_similarity(%(key)s, p.name_key)
              + similarity(%(key)s, p.name_key) * 2 DESC,
            p.code
         LIMIT %(limit)s OFFSET %(offset)s
    """  # noqa: S608 - fixed clauses; values are parameters
    named = {f"f{i}": value for i, value in enumerate(params)}
    for name in named:
        sql = sql.replace("%s", f"%({name})s", 1)
    return _ids_and_total(
        sql,
        {
            **named,
            "code": code,
            "code_prefix": _like_escape(code) + "%" if code else "-",
            "exact": exact or "-",
            "key": key,
            "ts": tsquery,
            "limit": limit,
            "offset": offset,
        },
    )


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ids_and_total(sql: str, params) -> tuple[list[int], int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return [], 0
    return [row[0] for row in rows], rows[0][1]


@lru_cache(maxsize=4096)
def _folded_char(char: str) -> str:
    """One character folded to one (a space when it folds to nothing); the alphabet is small,
    and folding each character of every result name anew was most of the search page's CPU."""
    return (search_key(char) or " ")[:1]


def highlight(text: str, query: str) -> SafeString:
    """``text`` HTML-escaped, with the query's words wrapped in <mark>, ignoring diacritics.

    Folding one character at a time keeps positions aligned (each Vietnamese letter folds to
    one letter), so matches found in the folded text map back onto the original.
    """
    words = sorted(set(_WORD.findall(search_key(query or ""))), key=len, reverse=True)
    if not text or not words:
        return escape(text or "")
    folded = "".join(map(_folded_char, text))
    marked = [False] * len(text)
    for word in words:
        for match in re.finditer(rf"(?<![0-9a-z]){re.escape(word)}", folded):
            for index in range(match.start(), match.end()):
                marked[index] = True
    out, start = [], 0
    for index in range(1, len(text) + 1):
        # Escape whole runs of marked or unmarked text (escaping is per character, so a run
        # escaped at once reads the same as its characters escaped one by one).
        if index == len(text) or marked[index] != marked[start]:
            piece = html.escape(text[start:index])
            out.append(f"<mark>{piece}</mark>" if marked[start] else piece)
            start = index
    return mark_safe("".join(out))  # noqa: S308 - every piece of text was escaped above
