from django.urls import path

from . import views

app_name = "roles"

urlpatterns = [
    path("", views.role_list, name="list"),
    path("new/", views.role_create, name="create"),
    path("<int:pk>/", views.role_preview, name="preview"),
    path("<int:pk>/edit/", views.role_edit, name="edit"),
    path("<int:pk>/publish/", views.role_publish, name="publish"),
    path("<int:pk>/close/", views.role_close, name="close"),
    path("<int:pk>/archive/", views.role_archive, name="archive"),
    path("<int:pk>/duplicate/", views.role_duplicate, name="duplicate"),
]
