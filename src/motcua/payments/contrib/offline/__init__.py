"""Money handed over outside the portal: bank transfer (with proof), cash at the counter, and
the postal worker's collection. Staff confirm each one; nothing here confirms by itself."""

from django.utils.translation import gettext_lazy as _

from motcua.payments.base import OfflineGateway, Start
from motcua.payments.config import transfer_account
from motcua.payments.registry import register


@register("transfer")
class BankTransfer(OfflineGateway):
    verbose_name = _("Chuyển khoản ngân hàng")

    def is_configured(self, agency) -> bool:
        return transfer_account(agency) is not None

    def start_payment(self, payment, *, client_ip, return_url):
        account = transfer_account(payment.request.agency)
        lines = [
            f"Ngân hàng: {account.bank_name}",
            f"Số tài khoản: {account.account_number}",
            f"Chủ tài khoản: {account.account_holder}",
            f"Số tiền: {payment.amount_vnd:,} đồng".replace(",", "."),
            f"Nội dung chuyển khoản: {payment.reference} {payment.request.dossier.code}",
        ]
        if account.instructions:
            lines.append(account.instructions)
        return Start(instructions="\n".join(lines))


@register("cash")
class CashAtCounter(OfflineGateway):
    verbose_name = _("Tiền mặt tại Bộ phận Một cửa")
    applicant_starts = False

    def start_payment(self, payment, *, client_ip, return_url):
        return Start(
            instructions="Nộp tiền mặt tại Bộ phận Một cửa; cán bộ ghi nhận và cấp biên nhận."
        )


@register("postal")
class PostalCollection(OfflineGateway):
    verbose_name = _("Thu hộ qua nhân viên bưu chính")
    applicant_starts = False

    def start_payment(self, payment, *, client_ip, return_url):
        return Start(
            instructions="Nhân viên bưu chính thu tiền khi nhận hồ sơ hoặc giao kết quả; "
            "cơ quan xác nhận khi nhận được tiền."
        )
