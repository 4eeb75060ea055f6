"""The default Vietnamese texts of every event on every channel, seeded by migration 0002.

Administrators edit them in the admin (each edit is a new version). SMS texts are written with
diacritics and sent folded (``fold_diacritics``) so one message fits in 160 GSM-7 characters; a
dossier code takes 25 of them. Zalo texts are the preview of the ZNS template that the province
registers with Zalo; its id (``provider_template_id``) is filled in once Zalo approves it, and
until then the Zalo channel reports why it cannot send and the message falls back to SMS.
"""

from __future__ import annotations

SIGNATURE = "\n\n{{ portal_name }}{% if hotline %} — Đường dây nóng: {{ hotline }}{% endif %}"
GREETING = "Kính gửi {{ recipient_name }},\n\n"
LOOKUP = "\n\nTra cứu hồ sơ: {{ lookup_url }}"
ABOUT = "Hồ sơ {{ dossier_code }} ({{ procedure_name }})"

# event: (email subject, email body, sms body, zalo body, zalo params)
DEFAULTS: dict[str, tuple[str, str, str, str, str]] = {
    "password_changed": (
        "Mật khẩu tài khoản của Ông/Bà đã được thay đổi",
        GREETING + "Mật khẩu tài khoản của Ông/Bà trên {{ portal_name }} đã được thay đổi lúc"
        ' {{ changed_at|date:"H:i d/m/Y" }} ({{ how }}). Các phiên đăng nhập khác đã bị đăng'
        " xuất.\nNếu không phải Ông/Bà thực hiện, hãy đặt lại mật khẩu ngay bằng chức năng"
        " “Quên mật khẩu” và liên hệ đường dây nóng." + SIGNATURE,
        'Mật khẩu tài khoản Cổng Dịch vụ công của bạn đã đổi lúc {{ changed_at|date:"H:i d/m" }}.'
        " Nếu không phải bạn, hãy đặt lại mật khẩu ngay.",
        'Mật khẩu tài khoản của Ông/Bà đã được thay đổi lúc {{ changed_at|date:"H:i d/m/Y" }}.'
        " Nếu không phải Ông/Bà thực hiện, hãy đặt lại mật khẩu ngay.",
        "recipient_name,changed_at",
    ),
    "contact_changed": (
        "Địa chỉ liên hệ của tài khoản đã được thay đổi",
        GREETING + "{{ contact_kind|capfirst }} đăng nhập của tài khoản của Ông/Bà trên"
        " {{ portal_name }} đã được thay bằng {{ new_contact }} lúc"
        ' {{ changed_at|date:"H:i d/m/Y" }}. Từ nay thông báo và mã xác minh được gửi tới địa'
        " chỉ mới; địa chỉ này không còn dùng để đăng nhập.\nNếu không phải Ông/Bà thực hiện,"
        " hãy liên hệ ngay đường dây nóng." + SIGNATURE,
        "{{ contact_kind|capfirst }} của tài khoản Cổng Dịch vụ công đã đổi thành"
        " {{ new_contact }}. Nếu không phải bạn, hãy gọi đường dây nóng.",
        "{{ contact_kind|capfirst }} của tài khoản đã được thay bằng {{ new_contact }} lúc"
        ' {{ changed_at|date:"H:i d/m/Y" }}. Nếu không phải Ông/Bà thực hiện, hãy liên hệ'
        " đường dây nóng.",
        "recipient_name,contact_kind,new_contact,changed_at",
    ),
    "dossier_received": (
        "Hồ sơ {{ dossier_code }} đã được tiếp nhận",
        GREETING
        + ABOUT
        + ' đã được {{ agency_name }} tiếp nhận lúc {{ received_at|date:"H:i d/m/Y" }}.\n'
        'Ngày hẹn trả kết quả: {{ due_at|date:"d/m/Y" }}.' + LOOKUP + SIGNATURE,
        "Hồ sơ {{ dossier_code }} đã được tiếp nhận. Hẹn trả kết quả ngày"
        ' {{ due_at|date:"d/m/Y" }}.'
        " Tra cứu bằng mã hồ sơ trên Cổng Dịch vụ công.",
        "Hồ sơ {{ dossier_code }} ({{ procedure_name }}) đã được tiếp nhận. Ngày hẹn trả kết quả:"
        ' {{ due_at|date:"d/m/Y" }}.',
        "recipient_name,dossier_code,procedure_name,due_at",
    ),
    "supplement_requested": (
        "Hồ sơ {{ dossier_code }} cần bổ sung",
        GREETING + ABOUT + " cần được bổ sung, hoàn thiện.\nLý do: {{ reason }}\n"
        "Giấy tờ cần bổ sung: {{ missing_documents }}\n"
        "Thời hạn giải quyết được tính lại từ khi nhận đủ hồ sơ." + LOOKUP + SIGNATURE,
        "Hồ sơ {{ dossier_code }} cần bổ sung giấy tờ. Xem chi tiết trên Cổng Dịch vụ công"
        " hoặc liên hệ bộ phận Một cửa.",
        "Hồ sơ {{ dossier_code }} cần bổ sung: {{ missing_documents }}. Lý do: {{ reason }}",
        "recipient_name,dossier_code,missing_documents,reason",
    ),
    "dossier_refused": (
        "Hồ sơ {{ dossier_code }} không được tiếp nhận",
        GREETING + ABOUT + " không được tiếp nhận.\nLý do: {{ reason }}" + LOOKUP + SIGNATURE,
        "Hồ sơ {{ dossier_code }} không được tiếp nhận. Xem lý do trên Cổng Dịch vụ công.",
        "Hồ sơ {{ dossier_code }} không được tiếp nhận. Lý do: {{ reason }}",
        "recipient_name,dossier_code,reason",
    ),
    "result_ready_early": (
        "Hồ sơ {{ dossier_code }} đã có kết quả trước hẹn",
        GREETING + ABOUT + ' đã có kết quả ngày {{ ready_at|date:"d/m/Y" }}, trước ngày hẹn'
        ' {{ due_at|date:"d/m/Y" }}.\nMời Ông/Bà đến nhận tại: {{ pickup_place }}.'
        + LOOKUP
        + SIGNATURE,
        "Hồ sơ {{ dossier_code }} đã có kết quả trước hẹn. Mời nhận từ ngày"
        ' {{ ready_at|date:"d/m/Y" }}.',
        "Hồ sơ {{ dossier_code }} đã có kết quả trước hẹn. Nơi nhận: {{ pickup_place }}.",
        "recipient_name,dossier_code,ready_at,pickup_place",
    ),
    "deadline_extended": (
        "Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {{ dossier_code }}",
        GREETING + ABOUT + ' chưa thể trả kết quả đúng hẹn ngày {{ due_at|date:"d/m/Y" }}.\n'
        "Lý do: {{ reason }}\n"
        "{{ agency_name }} thành thật xin lỗi Ông/Bà và hẹn trả kết quả vào ngày"
        ' {{ new_due_at|date:"d/m/Y" }}.' + LOOKUP + SIGNATURE,
        "Xin lỗi: hồ sơ {{ dossier_code }} chậm trả kết quả."
        ' Hẹn lại ngày {{ new_due_at|date:"d/m/Y" }}.',
        "Xin lỗi Ông/Bà: hồ sơ {{ dossier_code }} chậm trả kết quả. Ngày hẹn mới:"
        ' {{ new_due_at|date:"d/m/Y" }}.',
        "recipient_name,dossier_code,new_due_at,reason",
    ),
    "result_returned": (
        "Hồ sơ {{ dossier_code }} đã trả kết quả",
        GREETING + ABOUT + ' đã được trả kết quả lúc {{ returned_at|date:"H:i d/m/Y" }}.\n'
        "Mời Ông/Bà đánh giá mức độ hài lòng trên Cổng Dịch vụ công." + LOOKUP + SIGNATURE,
        "Hồ sơ {{ dossier_code }} đã trả kết quả. Mời đánh giá mức độ hài lòng trên Cổng"
        " Dịch vụ công.",
        'Hồ sơ {{ dossier_code }} đã trả kết quả lúc {{ returned_at|date:"H:i d/m/Y" }}.',
        "recipient_name,dossier_code,returned_at",
    ),
    "result_sent_by_post": (
        "Kết quả hồ sơ {{ dossier_code }} đã được gửi qua bưu chính",
        GREETING + "Kết quả hồ sơ {{ dossier_code }} ({{ procedure_name }}) đã được giao cho"
        " {{ carrier_name }} để chuyển đến Ông/Bà.\nMã bưu gửi: {{ postal_tracking_code }}."
        + LOOKUP
        + SIGNATURE,
        "Kết quả hồ sơ {{ dossier_code }} đã gửi qua bưu chính, mã bưu gửi"
        " {{ postal_tracking_code }}.",
        "Kết quả hồ sơ {{ dossier_code }} đã gửi qua {{ carrier_name }}. Mã bưu gửi:"
        " {{ postal_tracking_code }}.",
        "recipient_name,dossier_code,carrier_name,postal_tracking_code",
    ),
    "payment_requested": (
        "Hồ sơ {{ dossier_code }}: đề nghị nộp phí, lệ phí",
        GREETING + ABOUT + " cần nộp phí, lệ phí {{ amount }} đồng để tiếp tục giải quyết.\n"
        "Thanh toán trực tuyến: {{ payment_url }}" + SIGNATURE,
        "Hồ sơ {{ dossier_code }} cần nộp phí, lệ phí {{ amount }} đồng. Thanh toán trên Cổng"
        " Dịch vụ công.",
        "Hồ sơ {{ dossier_code }} cần nộp phí, lệ phí {{ amount }} đồng.",
        "recipient_name,dossier_code,amount",
    ),
    "postal_pickup_scheduled": (
        "Hẹn nhận hồ sơ {{ dossier_code }} qua bưu chính",
        GREETING
        + "Nhân viên {{ carrier_name }} sẽ đến nhận hồ sơ {{ dossier_code }} ({{ procedure_name }})"
        ' lúc {{ pickup_at|date:"H:i d/m/Y" }} tại {{ pickup_address }}.\n'
        "Ông/Bà vui lòng chuẩn bị đủ giấy tờ theo danh mục đã nộp." + LOOKUP + SIGNATURE,
        'Bưu chính sẽ đến nhận hồ sơ {{ dossier_code }} lúc {{ pickup_at|date:"H:i d/m/Y" }}.'
        " Vui lòng chuẩn bị đủ giấy tờ.",
        'Bưu chính sẽ đến nhận hồ sơ {{ dossier_code }} lúc {{ pickup_at|date:"H:i d/m/Y" }}'
        " tại {{ pickup_address }}.",
        "recipient_name,dossier_code,pickup_at,pickup_address",
    ),
    "dossier_assigned": (
        "Được giao xử lý hồ sơ {{ dossier_code }}",
        "Kính gửi {{ recipient_name }},\n\n"
        "Đồng chí được giao xử lý hồ sơ {{ dossier_code }} ({{ procedure_name }}), bước"
        ' "{{ step_name }}", hạn {{ step_due_at|date:"H:i d/m/Y" }}.' + SIGNATURE,
        "Được giao xử lý hồ sơ {{ dossier_code }}, bước {{ step_name }}, hạn"
        ' {{ step_due_at|date:"d/m/Y" }}.',
        "Được giao xử lý hồ sơ {{ dossier_code }}, bước {{ step_name }}, hạn"
        ' {{ step_due_at|date:"d/m/Y" }}.',
        "recipient_name,dossier_code,step_name,step_due_at",
    ),
    "dossier_near_due": (
        "Hồ sơ {{ dossier_code }} sắp đến hạn",
        "Kính gửi {{ recipient_name }},\n\n"
        'Hồ sơ {{ dossier_code }} ({{ procedure_name }}) đến hạn lúc {{ due_at|date:"H:i d/m/Y" }},'
        " còn {{ remaining }}." + SIGNATURE,
        'Hồ sơ {{ dossier_code }} sắp đến hạn ({{ due_at|date:"d/m/Y" }}), còn {{ remaining }}.',
        'Hồ sơ {{ dossier_code }} sắp đến hạn {{ due_at|date:"d/m/Y" }}, còn {{ remaining }}.',
        "recipient_name,dossier_code,due_at,remaining",
    ),
    "dossier_overdue": (
        "Hồ sơ {{ dossier_code }} đã quá hạn",
        "Kính gửi {{ recipient_name }},\n\n"
        "Hồ sơ {{ dossier_code }} ({{ procedure_name }}) đã quá hạn từ"
        ' {{ due_at|date:"H:i d/m/Y" }}'
        " ({{ overdue_by }}). Đề nghị xử lý và lập phiếu xin lỗi, hẹn lại nếu cần." + SIGNATURE,
        'Hồ sơ {{ dossier_code }} đã quá hạn từ {{ due_at|date:"d/m/Y" }} ({{ overdue_by }}).',
        'Hồ sơ {{ dossier_code }} đã quá hạn từ {{ due_at|date:"d/m/Y" }} ({{ overdue_by }}).',
        "recipient_name,dossier_code,due_at,overdue_by",
    ),
}


def seed(message_template_model) -> int:
    """Create version 1 of every missing (event, channel) template. Returns how many."""
    created = 0
    for event, (subject, email, sms, zalo, params) in DEFAULTS.items():
        rows = {
            "email": {"subject": subject, "body": email},
            "sms": {"subject": subject, "body": sms, "fold_diacritics": True},
            "zalo": {"subject": subject, "body": zalo, "provider_params": params},
        }
        for channel, fields in rows.items():
            _, was_created = message_template_model.objects.get_or_create(
                event=event,
                channel=channel,
                is_current=True,
                defaults={**fields, "version": 1, "change_note": "Mẫu mặc định"},
            )
            created += was_created
    return created
