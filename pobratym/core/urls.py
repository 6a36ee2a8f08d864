from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("audit/", views.audit_list, name="audit"),
    path("health/", views.health_check, name="health"),
    path("health/live/", views.health_live, name="health_live"),
]
