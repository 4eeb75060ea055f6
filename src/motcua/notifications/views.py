"""The citizen's notification centre and channel preferences. A user sees only their own.

Views parse input and render; changes go through ``services``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.notifications import selectors, services
from motcua.notifications.forms import ChannelPreferenceForm
from motcua.notifications.models import ChannelPreference
from motcua.notifications.registry import channels


@login_required
def centre(request):
    page = Paginator(selectors.notifications_for_user(request.user), 20).get_page(
        request.GET.get("trang")
    )
    return render(
        request,
        "notifications/centre.html",
        {"page": page, "unread": selectors.unread_count(request.user)},
    )


@login_required
def detail(request, public_id):
    notification = selectors.notification_for_user(request.user, public_id)
    if notification is None:
        raise Http404(_("Không tìm thấy thông báo."))
    services.mark_read(notification, user=request.user)
    return render(request, "notifications/detail.html", {"notification": notification})


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(request.user)
    messages.success(request, _("Đã đánh dấu tất cả thông báo là đã đọc."))
    return redirect("notifications:centre")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    current = ChannelPreference.objects.filter(user=request.user).first()
    initial = {
        "use_zalo": current.use_zalo if current else True,
        "use_sms": current.use_sms if current else True,
        "use_email": current.use_email if current else True,
    }
    form = ChannelPreferenceForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        services.save_preferences(request.user, **form.cleaned_data)
        messages.success(request, _("Đã lưu kênh nhận thông báo."))
        return redirect("notifications:preferences")
    user = request.user
    rows = [
        {
            "field": form["use_zalo"],
            "address": user.phone,
            "missing": _("Cần số điện thoại đã đăng ký Zalo"),
            "enabled": channels.is_enabled("zalo"),
        },
        {
            "field": form["use_sms"],
            "address": user.phone,
            "missing": _("Cần số điện thoại di động"),
            "enabled": channels.is_enabled("sms"),
        },
        {
            "field": form["use_email"],
            "address": user.email,
            "missing": _("Cần địa chỉ thư điện tử"),
            "enabled": channels.is_enabled("email"),
        },
    ]
    return render(request, "notifications/preferences.html", {"form": form, "rows": rows})
