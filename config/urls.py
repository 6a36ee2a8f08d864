from django.contrib import admin
from django.urls import include, path

from pobratym.directory import views as directory_views

from .api import api

urlpatterns = [
    path("", directory_views.home, name="home"),
    path("directory/", include("pobratym.directory.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
