from django.urls import path

from . import views

app_name = "allocation"

urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/publish/", views.round_publish, name="round_publish"),
    path("proposals/<int:pk>/remove/", views.proposal_remove, name="proposal_remove"),
    path("proposals/<int:pk>/swap/", views.proposal_swap, name="proposal_swap"),
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="proposal_answer"),
]
