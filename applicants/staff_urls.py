from django.urls import path

from . import pipeline_views

app_name = "applicants"

urlpatterns = [
    path("pipeline/<slug:slug>/", pipeline_views.pipeline, name="pipeline"),
    path("pipeline/<slug:slug>/bulk/", pipeline_views.bulk, name="bulk"),
    path("pipeline/<slug:slug>/bulk/undo/", pipeline_views.bulk_undo, name="bulk_undo"),
    path("applications/<int:pk>/", pipeline_views.application, name="application"),
    path("applications/<int:pk>/move/", pipeline_views.move, name="move"),
    path("applications/<int:pk>/reject/", pipeline_views.reject, name="reject"),
    path("applications/<int:pk>/undo/", pipeline_views.undo, name="undo"),
    path("applications/<int:pk>/reopen/", pipeline_views.reopen, name="reopen"),
    path("applications/<int:pk>/notes/", pipeline_views.note, name="note"),
    path("applications/<int:pk>/resume/", pipeline_views.resume, name="resume"),
    path("rejection-reasons/", pipeline_views.reasons, name="reasons"),
    path("rejection-reasons/<int:pk>/", pipeline_views.reason_edit, name="reason_edit"),
]
