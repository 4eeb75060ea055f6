"""The amount a dossier owes, line by line, from its procedure version's fees.

Sources, in this order:

1. the catalog's named fees (``FeeItem``) for the dossier's channel (or for every channel);
   when there is none, the channel's single fee (``ChannelOption.fee_vnd``) — the two describe
   the same money, so they are never added together;
2. this app's ``FeeRule`` rows: an amount per set of the dossier, per copy asked for in the
   e-form, or when an e-form option is chosen.

It reads only; it must never store anything or decide whether a dossier has paid.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from motcua.payments.models import FeeRule


@dataclass(frozen=True)
class FeeLine:
    name: str
    unit_vnd: int
    quantity: int = 1

    @property
    def amount_vnd(self) -> int:
        return self.unit_vnd * self.quantity

    def as_dict(self) -> dict:
        return {**asdict(self), "amount_vnd": self.amount_vnd}


def _whole_number(value) -> int:
    try:
        return max(0, int(str(value).strip()))
    except (TypeError, ValueError):
        return 0


def _option_chosen(value, expected: str) -> bool:
    if expected:
        if isinstance(value, list):
            return expected in [str(v) for v in value]
        return str(value) == expected if value is not None else False
    return value is True or str(value).lower() in {"true", "1", "yes", "co", "có"}


def fee_lines(dossier) -> list[FeeLine]:
    """Every line the dossier owes (lines of 0 đ are left out)."""
    version = dossier.procedure_version
    channel = dossier.channel
    lines: list[FeeLine] = []
    items = [item for item in version.fees.all() if item.channel in ("", channel)]
    if items:
        lines += [FeeLine(item.name, item.amount_vnd) for item in items]
    else:
        option = (
            version.channels.filter(channel=channel, fee_vnd__isnull=False)
            .order_by("position")
            .first()
        )
        if option is not None:
            lines.append(
                FeeLine(f"Phí, lệ phí ({option.get_channel_display().lower()})", option.fee_vnd)
            )
    form = dossier.form_data or {}
    for rule in FeeRule.objects.filter(version=version).order_by("pk"):
        if rule.channel not in ("", channel):
            continue
        if rule.kind == FeeRule.Kind.PER_SET:
            quantity = max(0, dossier.sets - rule.free_quantity)
        elif rule.kind == FeeRule.Kind.PER_COPY:
            quantity = max(0, _whole_number(form.get(rule.form_field)) - rule.free_quantity)
        else:
            quantity = 1 if _option_chosen(form.get(rule.form_field), rule.form_value) else 0
        if quantity:
            lines.append(FeeLine(rule.name, rule.amount_vnd, quantity))
    return [line for line in lines if line.amount_vnd > 0]


def amount_due(dossier) -> int:
    return sum(line.amount_vnd for line in fee_lines(dossier))
