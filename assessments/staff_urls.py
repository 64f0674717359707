from django.urls import path

from .views import decisions, editor, reviews, staff

app_name = "assessments"

urlpatterns = [
    path("assessments/", staff.template_list, name="templates"),
    path("assessments/<int:pk>/", staff.template_detail, name="template"),
    path("assessments/<int:pk>/publish/", staff.template_publish, name="template_publish"),
    path("assessments/<int:pk>/edit/", editor.template_edit, name="template_edit"),
    path("assessments/<int:pk>/duplicate/", editor.template_duplicate, name="template_duplicate"),
    path("assessments/<int:pk>/tasks/<int:task_pk>/", editor.task_edit, name="task_edit"),
    path(
        "assessments/<int:pk>/tasks/<int:task_pk>/rubric/", editor.rubric_edit, name="rubric_edit"
    ),
    path(
        "assessments/<int:pk>/questions/<int:question_pk>/",
        editor.question_edit,
        name="question_edit",
    ),
    path(
        "assessments/<int:pk>/criteria/<int:criterion_pk>/",
        editor.criterion_edit,
        name="criterion_edit",
    ),
    path("roles/<int:pk>/assessment/", staff.role_assessment, name="role_assessment"),
    path("applications/<int:pk>/invite/", staff.invite, name="invite"),
    path("attempts/<int:pk>/", staff.attempt_detail, name="attempt"),
    path("attempts/<int:pk>/adjustments/", staff.adjustments, name="adjustments"),
    path("attempts/<int:pk>/recordings/<int:recording_pk>/", staff.recording, name="recording"),
    path("attempts/<int:pk>/live-call/", staff.live_call, name="live_call"),
    path("attempts/<int:pk>/live-call/save/", staff.live_call_save, name="live_call_save"),
    path("attempts/<int:pk>/live-call/submit/", staff.live_call_submit, name="live_call_submit"),
    path("reviews/", reviews.queue, name="reviews"),
    path("reviews/agreement/", reviews.agreement, name="agreement"),
    path(
        "reviews/calibration/<int:template_pk>/<slug:task_key>/",
        reviews.calibration,
        name="calibration",
    ),
    path("reviews/<int:pk>/", reviews.review_page, name="review"),
    path("reviews/<int:pk>/amend/", reviews.amend, name="review_amend"),
    path(
        "reviews/<int:pk>/recordings/<int:recording_pk>/",
        reviews.review_recording,
        name="review_recording",
    ),
    path("applications/<int:pk>/decide/", decisions.decide, name="decide"),
    path("responses/<int:pk>/settle/", decisions.settle, name="settle"),
    path("roles/<int:pk>/results/", decisions.results, name="results"),
    path("roles/<int:pk>/compare/", decisions.compare, name="compare"),
]
