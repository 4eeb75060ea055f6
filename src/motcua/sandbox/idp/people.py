"""The sandbox's citizens: fictional people, with CCCD numbers that pass the format rules
(province code, century digit) but belong to no one."""

from __future__ import annotations

DEMO_PEOPLE = (
    {
        "sub": "vneid-demo-0001",
        "name": "Phạm Thị Dung",
        "citizen_id": "022188004521",
        "birthdate": "1988-09-14",
        "gender": "female",
        "address": "Phường Hạ Long, tỉnh Quảng Ninh",
        "phone_number": "0903123456",
        "email": "dung.pham@example.vn",
    },
    {
        "sub": "vneid-demo-0002",
        "name": "Hoàng Văn Em",
        "citizen_id": "022075001987",
        "birthdate": "1975-02-03",
        "gender": "male",
        "address": "Phường Cẩm Phả, tỉnh Quảng Ninh",
        "phone_number": "0978654321",
        "email": "em.hoang@example.vn",
    },
    {
        "sub": "vneid-demo-0003",
        "name": "Lê Minh Châu",
        "citizen_id": "001203012345",
        "birthdate": "2003-11-30",
        "gender": "male",
        "address": "Phường Ba Đình, thành phố Hà Nội",
        "phone_number": "0356789012",
        "email": "",
    },
)


def person(subject: str) -> dict | None:
    return next((p for p in DEMO_PEOPLE if p["sub"] == subject), None)
