"""Summary rows: the big unfiltered counts, added up ahead of time by a beat job.

A report of every role groups a million applications; these tables hold the same counts
grouped by day of application and source (and, for adverse impact, by self-identified
answers), a few thousand rows a month, so the report sums them instead. They are rebuilt
whole by ``services.refresh_tallies`` (the ``refresh-report-tallies`` beat job); a report
filtered to a role, or read by a hiring manager, counts the raw rows, which an index keeps
small. Tests check the two ways give the same numbers.
"""

from django.db import models


class ApplicationTally(models.Model):
    """How many applications made on ``day`` from ``source`` are now at a stage kind with
    a status, per set of self-identified answers (blank: not answered)."""

    day = models.DateField()
    source = models.CharField(max_length=40, blank=True)
    stage_kind = models.CharField(max_length=12)
    status = models.CharField(max_length=10)
    gender = models.CharField(max_length=15, blank=True)
    ethnicity = models.CharField(max_length=10, blank=True)
    veteran = models.CharField(max_length=10, blank=True)
    disability = models.CharField(max_length=10, blank=True)
    applications = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "source"], name="application_tally_day_idx")]

    def __str__(self) -> str:
        return f"{self.applications} on {self.day} at {self.stage_kind}"


class CriterionTally(models.Model):
    """Current submitted levels given to one rubric criterion, for applications made on
    ``day`` from ``source``: their sum and how many, so an average is one division."""

    day = models.DateField()
    source = models.CharField(max_length=40, blank=True)
    template_id = models.BigIntegerField()
    task_key = models.CharField(max_length=40)
    criterion_key = models.CharField(max_length=40)
    level_sum = models.PositiveIntegerField()
    levels = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "source"], name="criterion_tally_day_idx")]

    def __str__(self) -> str:
        return f"{self.criterion_key} on {self.day}"


class TallyRefresh(models.Model):
    """When the tallies were last rebuilt (one row), and how long it took."""

    refreshed_at = models.DateTimeField()
    seconds = models.FloatField()

    def __str__(self) -> str:
        return f"Tallies of {self.refreshed_at:%Y-%m-%d %H:%M}"


class DurationTally(models.Model):
    """One duration the time report reads: an application's time to hire (``measure``
    "hire") or one stay in a stage (``measure`` the stage kind), with the day and source of
    the application. Percentiles need every value; this keeps them in a narrow table."""

    day = models.DateField()
    source = models.CharField(max_length=40, blank=True)
    measure = models.CharField(max_length=12)
    seconds = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["measure", "day"], name="duration_tally_idx")]

    def __str__(self) -> str:
        return f"{self.measure}: {self.seconds:.0f} s"


class TaskPassTally(models.Model):
    """Complete results of self-identified applicants: per day, source, task and answers,
    how many took the task and how many reached the pass mark on it."""

    day = models.DateField()
    source = models.CharField(max_length=40, blank=True)
    template_id = models.BigIntegerField()
    task_key = models.CharField(max_length=40)
    gender = models.CharField(max_length=15, blank=True)
    ethnicity = models.CharField(max_length=10, blank=True)
    veteran = models.CharField(max_length=10, blank=True)
    disability = models.CharField(max_length=10, blank=True)
    taken = models.PositiveIntegerField()
    passed = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "source"], name="task_pass_tally_day_idx")]

    def __str__(self) -> str:
        return f"{self.task_key}: {self.passed}/{self.taken}"
