"""What every portal page pays (the portal profile, a signed-in visitor's session), pinned; the
profile read without the ORM changes nothing a visitor or an administrator would see; a session
that expired, was signed out or is malformed signs nobody in."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.core.models import PortalProfile

pytestmark = pytest.mark.django_db


def test_an_edited_portal_profile_shows_on_the_next_page(client):
    url = reverse("portal:lookup")
    page = client.get(url).content.decode()
    assert "Tỉnh Thử Nghiệm" not in page

    profile = PortalProfile.objects.create(
        portal_name="Cổng Dịch vụ công", province_name="Tỉnh Thử Nghiệm", hotline="1900 1234"
    )
    page = client.get(url).content.decode()
    assert "Cổng Dịch vụ công Tỉnh Thử Nghiệm" in page
    assert 'href="tel:19001234"' in page

    PortalProfile.objects.filter(pk=profile.pk).update(
        province_name="Tỉnh <Mới> & Đẹp", email="lienhe@example.vn"
    )  # no signal
    page = client.get(url).content.decode()
    assert "Tỉnh &lt;Mới&gt; &amp; Đẹp" in page
    assert "mailto:lienhe@example.vn" in page

    profile.emblem.name = "portal/quoc-huy.svg"
    profile.save()
    assert 'src="/media/portal/quoc-huy.svg"' in client.get(url).content.decode()

    profile.delete()
    page = client.get(url).content.decode()
    assert "Tỉnh &lt;Mới&gt;" not in page
    assert "motcua/img/emblem.svg" in page


def test_a_portal_page_reads_the_profile_once(client, django_assert_num_queries):
    PortalProfile.objects.create(portal_name="Cổng Dịch vụ công", province_name="Tỉnh Thử")
    with django_assert_num_queries(1):
        response = client.get(reverse("portal:lookup"))
    assert response.status_code == 200


def test_a_signed_in_page_reads_the_session_and_the_user_once_each(
    client, django_user_model, django_assert_num_queries
):
    user = django_user_model.objects.create_user("congdan.thu", password="x", first_name="An")
    client.force_login(user)
    with django_assert_num_queries(3):  # the session, the user, the portal profile
        page = client.get(reverse("portal:lookup")).content.decode()
    assert "Xin chào" in page


def test_an_expired_or_deleted_session_signs_nobody_in(django_user_model):
    user = django_user_model.objects.create_user("congdan.het", password="x")
    client = Client()
    client.force_login(user)
    mine = reverse("portal:my_dossiers")
    assert client.get(mine).status_code == 200

    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(mine)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))

    client.force_login(user)
    assert client.get(mine).status_code == 200
    old_cookie = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=old_cookie).exists()
    replay = Client()
    replay.cookies["sessionid"] = old_cookie  # the signed-out session, sent again
    assert replay.get(mine).status_code == 302


def test_a_malformed_session_cookie_is_no_session(client):
    client.cookies["sessionid"] = "short"
    response = client.get(reverse("portal:lookup"))
    assert response.status_code == 200
    assert "Xin chào" not in response.content.decode()
