"""The adapters against a raw HTTP server: what exactly goes on the wire, and how answers and
network trouble are sorted into temporary and permanent failures."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from motcua.notifications.base import (
    Address,
    OutgoingMessage,
    PermanentFailure,
    TemporaryFailure,
)
from motcua.notifications.registry import channels


class Provider:
    """A one-route HTTP server that records requests and answers what it is told."""

    def __init__(self):
        self.requests = []
        self.answer = (200, {})
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                provider.requests.append((self.headers, json.loads(body)))
                status, payload = provider.answer
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider(settings):
    server = Provider()
    config = {**settings.MOTCUA_NOTIFICATIONS}
    config["SMS"] = {**config["SMS"], "API_URL": server.url}
    config["ZALO"] = {**config["ZALO"], "API_URL": server.url}
    settings.MOTCUA_NOTIFICATIONS = config
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.example.vn"
    yield server
    server.close()


def message(**overrides):
    fields = {
        "address": Address(name="Nguyễn Văn An", phone="+84 912 345 678", email="an@example.vn"),
        "idempotency_key": "motcua-abc",
        "body": "Ho so da duoc tiep nhan.",
        "provider_template_id": "231677",
        "template_data": {"dossier_code": "000.00.12.H49-261103-0007"},
    }
    return OutgoingMessage(**{**fields, **overrides})


def test_zalo_sends_the_token_in_the_access_token_header_and_the_key_as_tracking_id(provider):
    provider.answer = (200, {"error": 0, "message": "Success", "data": {"msg_id": "m1"}})
    result = channels["zalo"].send(message())
    headers, body = provider.requests[0]
    assert headers.get("access_token") == "sandbox-token"  # names are case-insensitive
    assert body == {
        "phone": "84912345678",
        "template_id": "231677",
        "template_data": {"dossier_code": "000.00.12.H49-261103-0007"},
        "tracking_id": "motcua-abc",
    }
    assert result.provider_message_id == "m1"


@pytest.mark.parametrize(
    ("answer", "failure", "reason"),
    [
        ((200, {"error": -118, "message": "Zalo account not existed"}), PermanentFailure,
         "Số điện thoại chưa đăng ký Zalo hoặc tài khoản Zalo đã bị khóa"),
        ((200, {"error": -124, "message": "Access token is invalid"}), TemporaryFailure,
         "Mã truy cập (access token) Zalo không hợp lệ hoặc đã hết hạn"),
        ((200, {"error": -999}), TemporaryFailure, "Zalo báo lỗi mã -999"),
        ((502, {}), TemporaryFailure, "Zalo tạm thời không phản hồi"),
        ((400, {}), PermanentFailure, "Zalo từ chối yêu cầu"),
    ],
)  # fmt: skip
def test_zalo_answers_are_sorted_into_temporary_and_permanent(provider, answer, failure, reason):
    provider.answer = answer
    with pytest.raises(failure) as raised:
        channels["zalo"].send(message())
    assert raised.value.reason == reason


def test_sms_speaks_esms_and_counts_a_repeated_request_id_as_accepted(provider):
    provider.answer = (200, {"CodeResult": "100", "SMSID": "s1"})
    assert channels["sms"].send(message()).provider_message_id == "s1"
    _, body = provider.requests[0]
    assert body == {
        "ApiKey": "sandbox-api-key",
        "SecretKey": "sandbox-secret-key",
        "Brandname": "MOTCUA",
        "SmsType": "2",
        "Phone": "0912345678",
        "Content": "Ho so da duoc tiep nhan.",
        "IsUnicode": "0",
        "Sandbox": "0",
        "RequestId": "motcua-abc",
        "CallbackUrl": "https://dichvucong.example.vn/thong-bao/webhook/sms/sandbox/",
    }
    provider.answer = (200, {"CodeResult": "124"})
    assert channels["sms"].send(message()).duplicate


def test_sms_with_vietnamese_marks_is_sent_as_unicode(provider):
    provider.answer = (200, {"CodeResult": "100", "SMSID": "s2"})
    channels["sms"].send(message(body="Hồ sơ đã được tiếp nhận."))
    assert provider.requests[0][1]["IsUnicode"] == "1"


def test_an_unreachable_gateway_is_a_temporary_failure(settings):
    config = {**settings.MOTCUA_NOTIFICATIONS}
    config["SMS"] = {**config["SMS"], "API_URL": "http://127.0.0.1:9/nothing-listens-here"}
    settings.MOTCUA_NOTIFICATIONS = config
    with pytest.raises(TemporaryFailure, match="Không kết nối được Cổng SMS"):
        channels["sms"].send(message())


def test_a_landline_number_is_refused_before_any_call(provider):
    with pytest.raises(PermanentFailure, match="không phải số di động Việt Nam"):
        channels["sms"].send(message(address=Address(phone="02033656656")))
    assert provider.requests == []
