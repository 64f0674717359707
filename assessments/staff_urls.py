from django.urls import path

from .views import staff

app_name = "assessments"

urlpatterns = [
    path("assessments/", staff.template_list, name="templates"),
    path("assessments/<int:pk>/", staff.template_detail, name="template"),
    path("assessments/<int:pk>/publish/", staff.template_publish, name="template_publish"),
    path("roles/<int:pk>/assessment/", staff.role_assessment, name="role_assessment"),
    path("applications/<int:pk>/invite/", staff.invite, name="invite"),
    path("attempts/<int:pk>/", staff.attempt_detail, name="attempt"),
    path("attempts/<int:pk>/adjustments/", staff.adjustments, name="adjustments"),
    path("attempts/<int:pk>/recordings/<int:recording_pk>/", staff.recording, name="recording"),
    path("attempts/<int:pk>/live-call/", staff.live_call, name="live_call"),
    path("attempts/<int:pk>/live-call/save/", staff.live_call_save, name="live_call_save"),
    path("attempts/<int:pk>/live-call/submit/", staff.live_call_submit, name="live_call_submit"),
]
