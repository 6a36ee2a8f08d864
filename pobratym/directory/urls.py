from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.authority_list, name="list"),
    path("authority/<int:pk>/", views.authority_detail, name="authority"),
    path("associations/", views.association_list, name="associations"),
    path("associations/<slug:slug>/", views.association_detail, name="association"),
    path("authority/<int:pk>/edit/", views.authority_edit, name="authority_edit"),
    path("authority/<int:pk>/curate/", views.authority_curate, name="authority_curate"),
    path("authority/<int:pk>/merge/", views.authority_merge, name="authority_merge"),
    path("<str:kind>/<str:key>/contacts/new/", views.contact_add, name="contact_add"),
    path("contacts/<int:pk>/", views.contact_edit, name="contact_edit"),
]
