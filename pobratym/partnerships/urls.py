from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("new/", views.express_interest, name="express_interest"),
    path("deliveries/", views.delivery_totals, name="delivery_totals"),
    path("calendars/", views.calendars, name="calendars"),
    path("calendars/<str:token>.ics", views.organisation_ics, name="organisation_ics"),
    path("<int:pk>/", views.partnership_detail, name="detail"),
    path("<int:pk>/edit/", views.partnership_edit, name="edit"),
    path("<int:pk>/state/", views.transition, name="transition"),
    path("<int:pk>/messages/", views.message_create, name="message_create"),
    path("<int:pk>/agreements/new/", views.agreement_create, name="agreement_create"),
    path("<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("<int:pk>/deliveries/new/", views.delivery_create, name="delivery_create"),
    path("<int:pk>/projects/new/", views.project_create, name="project_create"),
    path("<int:pk>/calendar.ics", views.partnership_ics, name="partnership_ics"),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path("activities/<int:pk>/follow-ups/new/", views.followup_create, name="followup_create"),
    path("follow-ups/<int:pk>/done/", views.followup_done, name="followup_done"),
    path("deliveries/<int:pk>/ship/", views.delivery_ship, name="delivery_ship"),
    path("deliveries/<int:pk>/receive/", views.delivery_receive, name="delivery_receive"),
]
