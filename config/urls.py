from django.contrib import admin
from django.urls import include, path

from pobratym.accounts.views.language import language_switch_view
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
    # The audit page and the health checks.
    path("", include("pobratym.core.urls")),
    path("i18n/setlang/", language_switch_view, name="set_language"),
    # Staff sign in through the platform's own sign-in (accounts/admin_site.py).
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler400 = "pobratym.core.error_pages.bad_request"
handler403 = "pobratym.core.error_pages.permission_denied"
handler404 = "pobratym.core.error_pages.page_not_found"
handler500 = "pobratym.core.error_pages.server_error"
