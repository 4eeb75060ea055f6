"""One JSON-over-HTTP call for the channel adapters, with a timeout, and failures sorted into
temporary and permanent.

Network trouble (refused, reset, DNS, timeout) and HTTP 408/429/5xx are temporary: the provider
may be fine in a minute. Other HTTP 4xx are permanent: the same request will be refused again.
A body that is not JSON is temporary (a proxy's error page, a half-written answer).

This module knows nothing about providers' error codes: each adapter reads those itself.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from motcua.notifications.base import PermanentFailure, TemporaryFailure

USER_AGENT = "motcua-notifications/1"


def call_json(
    url: str,
    payload: dict | None = None,
    *,
    headers: dict[str, str] | None = None,
    provider: str,
    method: str = "POST",
    timeout: float | None = None,
) -> dict:
    """Send ``payload`` as JSON and return the JSON answer as a dict."""
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise PermanentFailure(f"Địa chỉ {provider} không hợp lệ", url)
    data = json.dumps(payload, ensure_ascii=False).encode() if payload is not None else None
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=data,
        method=method,
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
            **(headers or {}),
        },
    )
    timeout = timeout or settings.MOTCUA_NOTIFICATIONS["HTTP_TIMEOUT"]
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read()
    except urllib.error.HTTPError as error:
        detail = f"HTTP {error.code}: {error.read()[:300].decode(errors='replace')}"
        if error.code in {408, 429} or error.code >= 500:
            raise TemporaryFailure(f"{provider} tạm thời không phản hồi", detail) from None
        raise PermanentFailure(f"{provider} từ chối yêu cầu", detail) from None
    except TimeoutError:
        raise TemporaryFailure(
            f"{provider} không trả lời sau {timeout:g} giây", "timeout"
        ) from None
    except (urllib.error.URLError, ConnectionError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise TemporaryFailure(f"Không kết nối được {provider}", str(reason)) from None
    try:
        answer = json.loads(body)
    except ValueError:
        raise TemporaryFailure(
            f"{provider} trả về dữ liệu không đọc được", body[:300].decode(errors="replace")
        ) from None
    if not isinstance(answer, dict):
        raise TemporaryFailure(f"{provider} trả về dữ liệu không đọc được", str(answer)[:300])
    return answer
