from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from pobratym.portal import views as portal_views

from .api import api

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("directory/", include("pobratym.directory.urls")),
    path("accounts/", include("pobratym.accounts.urls")),
    path("exchange/", include("pobratym.exchange.urls")),
    path("search/", include("pobratym.search.urls")),
    path("allocation/", include("pobratym.allocation.urls")),
    path("partnerships/", include("pobratym.partnerships.urls")),
    path("audit/", include("pobratym.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Staff sign in through the platform's own sign-in: throttled, audited, two-step.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
