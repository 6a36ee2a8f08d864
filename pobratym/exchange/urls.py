from django.urls import path

from .views import browsing, needs, offers

app_name = "exchange"

urlpatterns = [
    path("needs/", browsing.need_list, name="needs"),
    path("needs/new/", needs.need_create, name="need_create"),
    path("needs/<int:pk>/", browsing.need_detail, name="need"),
    path("needs/<int:pk>/edit/", needs.need_edit, name="need_edit"),
    path("needs/<int:pk>/withdraw/", needs.need_withdraw, name="need_withdraw"),
    path("offers/", browsing.offer_list, name="offers"),
    path("offers/new/", offers.offer_create, name="offer_create"),
    path("offers/<int:pk>/", browsing.offer_detail, name="offer"),
    path("offers/<int:pk>/edit/", offers.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/close/", offers.offer_close, name="offer_close"),
]
