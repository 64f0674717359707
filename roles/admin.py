"""Role profiles for operators: look up a role and its published revisions.

Recruiters write and publish roles in the staff pages, where publishing checks completeness
and takes the revision; the admin never edits either.
"""

from django.contrib import admin

from csa_portal.admin import ReadOnlyAdmin

from .models import RoleProfile, RoleRevision


@admin.register(RoleProfile)
class RoleProfileAdmin(ReadOnlyAdmin):
    list_display = ("title", "status", "family", "workplace", "valid_through", "owner")
    list_filter = ("status", "family", "workplace", "employment_type")
    search_fields = ("title", "slug", "team", "city")
    readonly_fields = ("current_revision",)


@admin.register(RoleRevision)
class RoleRevisionAdmin(ReadOnlyAdmin):
    list_display = ("title", "number", "published_at", "published_by")
    list_filter = ("workplace", "employment_type")
    search_fields = ("title", "role__slug")
    exclude = ("search_document",)
