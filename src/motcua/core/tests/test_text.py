import pytest

from motcua.core.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("ĐĂNG KÝ KẾT HÔN", "dang ky ket hon"),
        ("Cấp lại  căn cước", "cap lai can cuoc"),  # spaces collapse
        ("Ủy ban nhân dân Phường Hạ Long", "uy ban nhan dan phuong ha long"),
        ("đường", "duong"),  # đ is a letter of its own: NFD alone leaves it
        ("1.001193", "1.001193"),
    ],
)
def test_fold_strips_vietnamese_diacritics_and_d_stroke(text, folded):
    assert fold(text) == folded


def test_fold_agrees_with_postgresql_unaccent(db):
    from django.db import connection

    samples = ["Đăng ký khai sinh", "Ủy ban nhân dân Xã Tiên Yên", "Sở Xây dựng"]
    with connection.cursor() as cursor:
        for text in samples:
            cursor.execute("SELECT lower(unaccent(%s))", [text])
            assert cursor.fetchone()[0] == fold(text)
