"""Where a gateway's account comes from: the agency's own (admin) or the environment's.

Hash secrets are read from the environment at the moment they are needed: the deployment-wide
one from ``MOTCUA_VNPAY_HASH_SECRET`` (via settings), an agency's from
``MOTCUA_PAYMENTS_SECRET_<NAME>``. This module must never write or log a secret.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.conf import settings

from motcua.payments.base import NotConfigured
from motcua.payments.models import GatewayAccount


@dataclass(frozen=True)
class VNPayAccount:
    tmn_code: str
    hash_secret: str
    pay_url: str
    api_url: str

    def __repr__(self) -> str:  # never show the secret in a traceback or a log
        return f"VNPayAccount(tmn_code={self.tmn_code!r})"


def _env_account() -> VNPayAccount | None:
    conf = settings.MOTCUA_PAYMENTS["VNPAY"]
    if not conf["TMN_CODE"] or not conf["HASH_SECRET"]:
        return None
    return VNPayAccount(conf["TMN_CODE"], conf["HASH_SECRET"], conf["URL"], conf["API_URL"])


def _agency_account(row: GatewayAccount) -> VNPayAccount | None:
    secret = os.environ.get(f"MOTCUA_PAYMENTS_SECRET_{row.secret_name.upper()}", "").strip()
    if not row.merchant_code or not secret:
        return None
    conf = settings.MOTCUA_PAYMENTS["VNPAY"]
    return VNPayAccount(row.merchant_code, secret, conf["URL"], conf["API_URL"])


def vnpay_account(agency) -> VNPayAccount:
    """The account payments to ``agency`` go to; raises ``NotConfigured``."""
    row = GatewayAccount.objects.filter(agency=agency, gateway="vnpay").first()
    if row is not None:
        if not row.is_enabled:
            raise NotConfigured("Cơ quan chưa bật thanh toán qua VNPay.")
        account = _agency_account(row)
        if account is None:
            raise NotConfigured(
                "Tài khoản VNPay của cơ quan thiếu mã đơn vị hoặc khóa bí mật "
                f"(MOTCUA_PAYMENTS_SECRET_{row.secret_name.upper() or '…'})."
            )
        return account
    account = _env_account()
    if account is None:
        raise NotConfigured(
            "Chưa cấu hình VNPay (MOTCUA_VNPAY_TMN_CODE, MOTCUA_VNPAY_HASH_SECRET)."
        )
    return account


def vnpay_account_by_code(tmn_code: str) -> VNPayAccount | None:
    """The account whose terminal code is ``tmn_code`` (to verify what VNPay sends)."""
    env = _env_account()
    if env is not None and env.tmn_code == tmn_code:
        return env
    for row in GatewayAccount.objects.filter(gateway="vnpay", merchant_code=tmn_code):
        account = _agency_account(row)
        if account is not None:
            return account
    return None


def transfer_account(agency) -> GatewayAccount | None:
    return GatewayAccount.objects.filter(agency=agency, gateway="transfer", is_enabled=True).first()
