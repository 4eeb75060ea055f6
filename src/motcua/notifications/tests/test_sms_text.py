"""SMS folding, the GSM-7 check and the segment count (3GPP TS 23.038 limits: 160/153 GSM-7,
70/67 UCS-2)."""

import pytest

from motcua.notifications.sms_text import fold_for_sms, measure


def test_folding_strips_marks_but_keeps_case_and_punctuation():
    assert fold_for_sms("Hồ sơ ĐÃ được tiếp nhận; hẹn “10/11”.") == (
        'Ho so DA duoc tiep nhan; hen "10/11".'
    )


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("[" * 80, "GSM-7", 160, 1),  # extension characters count twice
        ("ộ" * 70, "UCS-2", 70, 1),
        ("ộ" * 71, "UCS-2", 71, 2),
        ("ộ" * 134, "UCS-2", 134, 2),
        ("ộ" * 135, "UCS-2", 135, 3),
    ],
)
def test_segments_follow_the_gsm7_and_ucs2_limits(text, encoding, units, segments):
    length = measure(text)
    assert (length.encoding, length.units, length.segments) == (encoding, units, segments)


def test_one_vietnamese_letter_makes_the_whole_message_ucs2():
    length = measure("Ho so da duoc tiep nhan. Cam ơn.")
    assert length.encoding == "UCS-2"
    assert length.offending == ("ơ",)


def test_folded_vietnamese_is_gsm7():
    assert measure(fold_for_sms("Kết quả hồ sơ đã có, mời Ông/Bà đến nhận.")).is_gsm7
