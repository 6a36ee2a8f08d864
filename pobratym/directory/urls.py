from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.authority_list, name="list"),
    path("authority/<int:pk>/", views.authority_detail, name="authority"),
    path("associations/", views.association_list, name="associations"),
    path("associations/<slug:slug>/", views.association_detail, name="association"),
]
