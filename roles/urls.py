from django.urls import path

from . import views

app_name = "roles"

urlpatterns = [
    path("", views.board, name="home"),
    path("jobs/", views.board, name="board"),
]
