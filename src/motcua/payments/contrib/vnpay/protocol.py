"""VNPay payment gateway protocol, version 2.1.0: pure functions, no Django, no network.

Used by the real adapter (``plugin.py``) and by the sandbox twin, so both sign the same way.

Payment URL, return URL and IPN (REQUIREMENTS §8): take the ``vnp_*`` parameters except
``vnp_SecureHash`` and ``vnp_SecureHashType``, leave out empty values (as VNPay's own samples
do), sort by key, form-encode each key and value (``+`` for spaces), join ``k=v`` with ``&``,
HMAC-SHA512 with the terminal's hash secret, lowercase hex.

Status query (``querydr``, POST JSON to ``/merchant_webapi/api/transaction``): the request is
signed over its fields joined with ``|`` in a fixed order (``QUERY_REQUEST_FIELDS``), the answer
over ``QUERY_RESPONSE_FIELDS`` (missing fields count as empty strings).

Amounts travel as VND × 100; times as ``yyyyMMddHHmmss`` in GMT+7.
"""

from __future__ import annotations

import hashlib
import hmac
import urllib.parse
from datetime import datetime, timedelta, timezone

VERSION = "2.1.0"
GMT7 = timezone(timedelta(hours=7))
SIGNATURE_KEYS = ("vnp_SecureHash", "vnp_SecureHashType")

QUERY_REQUEST_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
QUERY_RESPONSE_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
    "vnp_PromotionCode",
    "vnp_PromotionAmount",
)

# vnp_ResponseCode of a payment (return URL and IPN).
PAYMENT_RESPONSES = {
    "00": "Giao dịch thành công",
    "07": "Trừ tiền thành công, giao dịch bị nghi ngờ (liên quan tới lừa đảo, bất thường)",
    "09": "Thẻ/Tài khoản chưa đăng ký dịch vụ Internet Banking tại ngân hàng",
    "10": "Xác thực thông tin thẻ/tài khoản không đúng quá 3 lần",
    "11": "Đã hết hạn chờ thanh toán",
    "12": "Thẻ/Tài khoản bị khóa",
    "13": "Nhập sai mật khẩu xác thực giao dịch (OTP)",
    "24": "Khách hàng hủy giao dịch",
    "51": "Tài khoản không đủ số dư để thực hiện giao dịch",
    "65": "Tài khoản đã vượt quá hạn mức giao dịch trong ngày",
    "75": "Ngân hàng thanh toán đang bảo trì",
    "79": "Nhập sai mật khẩu thanh toán quá số lần quy định",
    "99": "Lỗi khác",
}
# vnp_TransactionStatus (return URL, IPN and querydr).
TRANSACTION_STATUSES = {
    "00": "Giao dịch thanh toán thành công",
    "01": "Giao dịch chưa hoàn tất",
    "02": "Giao dịch bị lỗi",
    "04": "Giao dịch đảo (khách hàng đã bị trừ tiền tại ngân hàng nhưng giao dịch chưa thành công)",
    "05": "VNPAY đang xử lý giao dịch này (hoàn tiền)",
    "06": "VNPAY đã gửi yêu cầu hoàn tiền sang ngân hàng",
    "07": "Giao dịch bị nghi ngờ gian lận",
    "09": "Giao dịch hoàn trả bị từ chối",
}
# vnp_ResponseCode of a querydr answer (whether the query itself worked).
QUERY_RESPONSES = {
    "00": "Yêu cầu thành công",
    "02": "Mã định danh kết nối không hợp lệ",
    "03": "Dữ liệu gửi sang không đúng định dạng",
    "91": "Không tìm thấy giao dịch yêu cầu",
    "94": "Yêu cầu trùng lặp trong thời gian giới hạn của API",
    "97": "Checksum không hợp lệ",
    "99": "Lỗi khác",
}
# The IPN answers (RspCode) the merchant gives back.
IPN_CONFIRMED = ("00", "Confirm Success")
IPN_NOT_FOUND = ("01", "Order not found")
IPN_ALREADY_CONFIRMED = ("02", "Order already confirmed")
IPN_INVALID_AMOUNT = ("04", "Invalid amount")
IPN_INVALID_SIGNATURE = ("97", "Invalid signature")
IPN_OTHER = ("99", "Unknow error")  # VNPay's own spelling in its samples


def canonical(params: dict[str, str]) -> str:
    """The string that is signed: sorted, form-encoded ``k=v`` pairs joined with ``&``."""
    pairs = sorted(
        (key, str(value))
        for key, value in params.items()
        if key.startswith("vnp_") and key not in SIGNATURE_KEYS and str(value) != ""
    )
    return "&".join(
        f"{urllib.parse.quote_plus(key)}={urllib.parse.quote_plus(value)}" for key, value in pairs
    )


def hmac_sha512(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def sign(params: dict[str, str], secret: str) -> str:
    return hmac_sha512(secret, canonical(params))


def verify(params: dict[str, str], secret: str) -> bool:
    given = str(params.get("vnp_SecureHash", "")).lower()
    return bool(given) and hmac.compare_digest(given, sign(params, secret))


def signed_url(base_url: str, params: dict[str, str], secret: str) -> str:
    query = canonical(params)
    return f"{base_url}?{query}&vnp_SecureHash={hmac_sha512(secret, query)}"


def format_time(moment: datetime) -> str:
    return moment.astimezone(GMT7).strftime("%Y%m%d%H%M%S")


def parse_time(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=GMT7)
    except (TypeError, ValueError):
        return None


def to_wire_amount(amount_vnd: int) -> str:
    return str(int(amount_vnd) * 100)


def from_wire_amount(value: str) -> int | None:
    try:
        hundredths = int(value)
    except (TypeError, ValueError):
        return None
    return hundredths // 100 if hundredths % 100 == 0 else None


def pipe_hash(secret: str, data: dict[str, str], fields: tuple[str, ...]) -> str:
    return hmac_sha512(secret, "|".join(str(data.get(field, "") or "") for field in fields))


def sign_query_request(data: dict[str, str], secret: str) -> str:
    return pipe_hash(secret, data, QUERY_REQUEST_FIELDS)


def sign_query_response(data: dict[str, str], secret: str) -> str:
    return pipe_hash(secret, data, QUERY_RESPONSE_FIELDS)


def verify_query_response(data: dict[str, str], secret: str) -> bool:
    given = str(data.get("vnp_SecureHash", "")).lower()
    return bool(given) and hmac.compare_digest(given, sign_query_response(data, secret))


def verify_query_request(data: dict[str, str], secret: str) -> bool:
    given = str(data.get("vnp_SecureHash", "")).lower()
    return bool(given) and hmac.compare_digest(given, sign_query_request(data, secret))


def order_info(text: str) -> str:
    """VNPay wants Vietnamese without diacritics and without special characters."""
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    allowed = "".join(ch if ch.isalnum() or ch in " .-:" else " " for ch in text)
    return " ".join(allowed.split())[:255]
