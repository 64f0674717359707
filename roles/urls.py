from django.urls import path

from . import views
from .feeds import LatestRolesFeed

app_name = "roles"

urlpatterns = [
    path("", views.board, name="home"),
    path("jobs/", views.board, name="board"),
    path("jobs/feed.xml", LatestRolesFeed(), name="feed"),
    path("jobs/<slug:slug>/", views.detail, name="detail"),
]
