from django.db import models


class Heartbeat(models.Model):
    """The last time each background process proved it was alive by running a task.

    Beat queues ``record_heartbeat`` every minute; a worker runs it. ``/healthz`` reports the
    age of the newest row, so a stopped worker or beat shows up without reading any logs.
    """

    source = models.CharField(max_length=40, unique=True)
    seen_at = models.DateTimeField()
    hostname = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.source} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
