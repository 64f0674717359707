from django.urls import path

from .views import candidate

app_name = "assessments"

urlpatterns = [
    path("candidate/assessment/<str:token>/", candidate.redeem, name="redeem"),
    path("candidate/assessments/<int:pk>/", candidate.attempt_page, name="attempt"),
    path("candidate/assessments/<int:pk>/submit/", candidate.finish, name="finish"),
    path("candidate/assessments/<int:pk>/adjustments/", candidate.adjustments, name="adjustments"),
    path("candidate/assessments/<int:pk>/<slug:task_key>/", candidate.task_page, name="task"),
    path("candidate/assessments/<int:pk>/<slug:task_key>/start/", candidate.start, name="start"),
    path("candidate/assessments/<int:pk>/<slug:task_key>/save/", candidate.save, name="save"),
    path("candidate/assessments/<int:pk>/<slug:task_key>/submit/", candidate.submit, name="submit"),
    path(
        "candidate/assessments/<int:pk>/<slug:task_key>/turns/<slug:turn_key>/audio/",
        candidate.recording,
        name="recording",
    ),
]
