"""The VNPay 2.1.0 signature, checked against vectors written out by hand from the protocol
description (REQUIREMENTS §8): the sorted, form-encoded string below was typed, not generated,
and its HMAC-SHA512 was computed outside this code (``openssl dgst -sha512 -hmac``)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from motcua.payments.contrib.vnpay import protocol

SECRET = "sandbox-vnpay-hash-secret"
PARAMS = {
    # deliberately not in key order: the signature sorts them
    "vnp_Version": "2.1.0",
    "vnp_Command": "pay",
    "vnp_TmnCode": "MOTCUA01",
    "vnp_Amount": "10000000",
    "vnp_CurrCode": "VND",
    "vnp_TxnRef": "260302ABCDE12345",
    "vnp_OrderInfo": "Nop phi le phi ho so 000.00.07.H49-260302-0001",
    "vnp_OrderType": "other",
    "vnp_Locale": "vn",
    "vnp_ReturnUrl": "http://127.0.0.1:8000/payments/vnpay/return",
    "vnp_IpAddr": "127.0.0.1",
    "vnp_CreateDate": "20260302100000",
}
# Sorted by key, values form-encoded with + for spaces, k=v joined with &.
SIGNED_STRING = (
    "vnp_Amount=10000000&vnp_Command=pay&vnp_CreateDate=20260302100000&vnp_CurrCode=VND"
    "&vnp_IpAddr=127.0.0.1&vnp_Locale=vn"
    "&vnp_OrderInfo=Nop+phi+le+phi+ho+so+000.00.07.H49-260302-0001&vnp_OrderType=other"
    "&vnp_ReturnUrl=http%3A%2F%2F127.0.0.1%3A8000%2Fpayments%2Fvnpay%2Freturn"
    "&vnp_TmnCode=MOTCUA01&vnp_TxnRef=260302ABCDE12345&vnp_Version=2.1.0"
)
SIGNATURE = (
    "0e6fb7f22fbc21e1f7a94470b00f316f82a676a7760d6577e612e1fdc556b7ce"
    "13b163aa1a7c98fbc6aa560f5b8aa1c6c7b29f3c4e8bd22c26fb69e899e19e13"
)


def test_the_signed_string_is_sorted_and_form_encoded_as_the_protocol_says():
    assert protocol.canonical(PARAMS) == SIGNED_STRING


def test_the_signature_is_the_hmac_sha512_of_that_string_with_the_hash_secret():
    assert protocol.sign(PARAMS, SECRET) == SIGNATURE


def test_the_secure_hash_and_its_type_are_not_signed():
    signed = {**PARAMS, "vnp_SecureHash": SIGNATURE, "vnp_SecureHashType": "HmacSHA512"}
    assert protocol.canonical(signed) == SIGNED_STRING
    assert protocol.verify(signed, SECRET)
    assert protocol.verify({**signed, "vnp_SecureHash": SIGNATURE.upper()}, SECRET)


def test_any_changed_parameter_breaks_the_signature():
    signed = {**PARAMS, "vnp_SecureHash": SIGNATURE}
    assert not protocol.verify({**signed, "vnp_Amount": "10000100"}, SECRET)
    assert not protocol.verify({**signed, "vnp_Extra": "1"}, SECRET)
    assert not protocol.verify(signed, "another-secret")
    assert not protocol.verify(PARAMS, SECRET)  # no signature at all


def test_the_payment_url_carries_the_signed_string_and_its_hash():
    url = protocol.signed_url("https://gw.example/vpcpay.html", PARAMS, SECRET)
    assert url == f"https://gw.example/vpcpay.html?{SIGNED_STRING}&vnp_SecureHash={SIGNATURE}"


def test_the_status_query_is_signed_over_its_fields_joined_by_pipes_in_a_fixed_order():
    request = {
        "vnp_RequestId": "REQ123",
        "vnp_Version": "2.1.0",
        "vnp_Command": "querydr",
        "vnp_TmnCode": "MOTCUA01",
        "vnp_TxnRef": "260302ABCDE12345",
        "vnp_OrderInfo": "Truy van giao dich 260302ABCDE12345",
        "vnp_TransactionDate": "20260302100000",
        "vnp_CreateDate": "20260302103000",
        "vnp_IpAddr": "127.0.0.1",
    }
    # REQUEST|VERSION|COMMAND|TMN|TXNREF|TRANSACTIONDATE|CREATEDATE|IP|ORDERINFO
    assert protocol.sign_query_request(request, SECRET) == (
        "5d9d5695c0141356718eb12bab762fe078076389db82b323d818c5151cc1f082"
        "ba536da67afd6ffb4f7970013c9e48e5d4d19d7080f53d51b4600478340aacac"
    )


def test_amounts_travel_in_hundredths_and_times_in_gmt_plus_7():
    assert protocol.to_wire_amount(125_000) == "12500000"
    assert protocol.from_wire_amount("12500000") == 125_000
    assert protocol.from_wire_amount("12500050") is None  # no fractions of a đồng
    utc = datetime(2026, 3, 2, 3, 0, tzinfo=ZoneInfo("UTC"))
    assert protocol.format_time(utc) == "20260302100000"
    assert protocol.parse_time("20260302100000") == utc


def test_order_info_drops_diacritics_and_special_characters():
    assert protocol.order_info("Nộp phí hồ sơ #12 (Đăng ký)") == "Nop phi ho so 12 Dang ky"
