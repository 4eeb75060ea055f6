"""Satisfaction ratings (REQUIREMENTS §7): only the applicant rates, only once the result is out,
only once per dossier, scores 1-5 and contacts ≥ 1; the rating keeps the officer and agency."""

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import perform_action
from motcua.dossiers.tests.conftest import at, world  # noqa: F401 - fixture
from motcua.portal.models import SatisfactionRating
from motcua.portal.ratings import RatingError, can_rate, rate_dossier

GOOD = {
    "overall": 5,
    "staff_attitude": 4,
    "timeliness": 5,
    "transparency": 3,
    "contacts": 2,
    "comment": "Cán bộ hướng dẫn tận tình.",
}
FORM = {f"danh-gia-{name}": value for name, value in GOOD.items()}


@pytest.fixture
def mine(world):  # noqa: F811
    dossier = world.receive(at(2026, 3, 2, 9), applicant_user=world.citizen)
    perform_action(dossier, "accept", world.reception, at=at(2026, 3, 2, 10))
    perform_action(dossier, "assign", world.head, data={"assignee": world.specialist.pk})
    dossier.refresh_from_db()
    return dossier


def returned(dossier):
    Dossier.objects.filter(pk=dossier.pk).update(
        completed_at=dossier.received_at,
        outcome=Dossier.Outcome.APPROVED,
        returned_at=dossier.received_at,
    )
    dossier.refresh_from_db()
    return dossier


def test_the_applicant_rates_once_the_result_is_out_and_the_officer_is_kept(world, mine):  # noqa: F811
    assert not can_rate(mine, world.citizen)
    with pytest.raises(RatingError, match="sau khi đã có kết quả"):
        rate_dossier(mine, world.citizen, GOOD)
    returned(mine)
    assert can_rate(mine, world.citizen)
    rating = rate_dossier(mine, world.citizen, GOOD)
    assert (rating.officer, rating.agency, rating.user) == (
        world.specialist,
        world.justice,
        world.citizen,
    )
    assert (rating.overall, rating.staff_attitude, rating.timeliness, rating.transparency) == (
        5,
        4,
        5,
        3,
    )
    assert rating.contacts == 2 and rating.comment == "Cán bộ hướng dẫn tận tình."
    assert not can_rate(mine, world.citizen)


def test_a_decided_dossier_may_be_rated_before_return_but_not_a_withdrawn_one(world, mine):  # noqa: F811
    Dossier.objects.filter(pk=mine.pk).update(
        completed_at=mine.received_at, outcome=Dossier.Outcome.WITHDRAWN
    )
    mine.refresh_from_db()
    assert not can_rate(mine, world.citizen)
    Dossier.objects.filter(pk=mine.pk).update(outcome=Dossier.Outcome.REFUSED)
    mine.refresh_from_db()
    assert can_rate(mine, world.citizen)
    assert rate_dossier(mine, world.citizen, GOOD).pk


def test_only_the_applicant_may_rate(world, mine):  # noqa: F811
    returned(mine)
    for someone in (world.other_citizen, world.specialist):
        assert not can_rate(mine, someone)
        with pytest.raises(RatingError, match="Chỉ người nộp hồ sơ"):
            rate_dossier(mine, someone, GOOD)
    assert not SatisfactionRating.objects.exists()


def test_a_second_rating_is_refused_with_a_clear_message(world, mine):  # noqa: F811
    returned(mine)
    rate_dossier(mine, world.citizen, GOOD)
    with pytest.raises(RatingError, match="đã được đánh giá"):
        rate_dossier(mine, world.citizen, {**GOOD, "overall": 1})
    assert SatisfactionRating.objects.get().overall == 5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"overall": 0}, "từ 1 đến 5"),
        ({"staff_attitude": 6}, "từ 1 đến 5"),
        ({"timeliness": "tốt"}, "từ 1 đến 5"),
        ({"transparency": None}, "từ 1 đến 5"),
        ({"contacts": 0}, "từ 1 trở lên"),
        ({"contacts": ""}, "từ 1 trở lên"),
    ],
)
def test_scores_and_contacts_are_validated(world, mine, change, message):  # noqa: F811
    returned(mine)
    with pytest.raises(RatingError, match=message):
        rate_dossier(mine, world.citizen, {**GOOD, **change})
    assert not SatisfactionRating.objects.exists()


def test_the_dossier_page_offers_the_form_only_when_allowed_and_thanks(client, world, mine):  # noqa: F811
    client.force_login(world.citizen)
    page = reverse("portal:my_dossier", args=[mine.code])
    assert "Đánh giá mức độ hài lòng" not in client.get(page).content.decode()
    rate_url = reverse("portal:rate", args=[mine.code])
    client.post(rate_url, FORM)
    assert not SatisfactionRating.objects.exists()

    returned(mine)
    assert "Đánh giá mức độ hài lòng" in client.get(page).content.decode()
    response = client.post(rate_url, {**FORM, "danh-gia-overall": "9"})
    assert response.status_code == 400
    assert "Điểm đánh giá phải từ 1 đến 5." in response.content.decode()
    response = client.post(rate_url, FORM, follow=True)
    html = response.content.decode()
    assert "Cảm ơn bạn đã đánh giá" in html
    assert "Đánh giá của bạn" in html and "Gửi đánh giá" not in html
    assert SatisfactionRating.objects.get().officer == world.specialist
    response = client.post(rate_url, {**FORM, "danh-gia-overall": "1"}, follow=True)
    assert "đã được đánh giá" in response.content.decode()
    assert SatisfactionRating.objects.get().overall == 5


def test_another_citizen_cannot_rate_by_guessing_the_code(client, world, mine):  # noqa: F811
    returned(mine)
    client.force_login(world.other_citizen)
    response = client.post(reverse("portal:rate", args=[mine.code]), FORM)
    assert response.status_code == 404
    assert not SatisfactionRating.objects.exists()


def test_the_admin_lists_ratings_read_only_with_filters(admin_client, world, mine):  # noqa: F811
    returned(mine)
    rate_dossier(mine, world.citizen, GOOD)
    model_admin = site._registry[SatisfactionRating]
    assert "agency" in model_admin.list_filter and "overall" in model_admin.list_filter
    url = reverse("admin:portal_satisfactionrating_changelist")
    response = admin_client.get(url, {"overall__exact": 5, "agency__id__exact": world.justice.pk})
    assert response.status_code == 200
    assert mine.code in response.content.decode()
    assert admin_client.get(url, {"overall__exact": 1}).content.decode().count(mine.code) == 0
    assert not model_admin.has_add_permission(None)
    assert not model_admin.has_delete_permission(None)
