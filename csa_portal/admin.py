"""The operator's view of the outbox and the worker heartbeat.

Records that other code keeps consistent (mail rows, heartbeats, revisions, applications)
are read-only here: a change goes through the service that owns the rule, as the
"send again" action does.
"""

from django.contrib import admin, messages

from . import outbox
from .models import Heartbeat, OutboundMessage


class ReadOnlyAdmin(admin.ModelAdmin):
    """Look, search and filter; never add, edit or delete from the admin."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "to_email", "template", "status", "attempts", "sent_at")
    list_filter = ("status", "template")
    search_fields = ("to_email", "related_key", "subject")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    exclude = ("context",)  # what the mail was rendered from; may hold personal data
    actions = ["send_again"]

    @admin.action(description="Send again (failed messages only)")
    def send_again(self, request, queryset):
        count = outbox.send_again(message_ids=queryset.values_list("pk", flat=True))
        skipped = queryset.count() - count
        self.message_user(
            request,
            f"{count} message(s) queued to send again."
            + (f" {skipped} skipped: only failed messages are sent again." if skipped else ""),
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("source", "seen_at", "hostname")
