from django.urls import path

from . import portal_views, views

app_name = "applicants"

urlpatterns = [
    path("jobs/<slug:slug>/apply/", views.apply, name="apply"),
    path("jobs/<slug:slug>/apply/thanks/", views.applied, name="applied"),
    path("privacy/", views.privacy, name="privacy"),
    path("candidate/", portal_views.portal, name="portal"),
    path("candidate/login/", portal_views.login, name="login"),
    path("candidate/login/<str:token>/", portal_views.redeem, name="redeem"),
    path("candidate/logout/", portal_views.logout, name="logout"),
    path("candidate/applications/<int:pk>/withdraw/", portal_views.withdraw, name="withdraw"),
    path("candidate/details/", portal_views.details, name="details"),
    path("candidate/talent-pool/", portal_views.talent_pool, name="talent_pool"),
    path("candidate/my-data.json", portal_views.export, name="export"),
    path("candidate/erase/", portal_views.erase, name="erase"),
]
