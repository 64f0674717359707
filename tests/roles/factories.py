from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from roles.models import (
    CareerStep,
    Compensation,
    KpiTarget,
    Qualification,
    QualificationKind,
    Responsibility,
    RoleProfile,
    ScreeningQuestion,
    Training,
)
from roles.services import publish_role
from tests.factories import UserFactory


class RoleProfileFactory(factory.django.DjangoModelFactory):
    """A draft role with just the profile fields; see ``complete_role`` for a publishable one."""

    class Meta:
        model = RoleProfile
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Customer Service Associate {n}")
    slug = factory.LazyAttribute(lambda role: slugify(role.title))
    family = "customer_service"
    level = "entry"
    team = "Consumer Support"
    summary = "You will help customers by phone and chat, with paid training and a mentor."
    city = "Columbus"
    region = "Ohio"
    country = "US"
    workplace = "on_site"
    employment_type = "full_time"
    shift_pattern = "Day shifts"
    hours_per_week = 40
    coverage = "Monday to Friday, 8:00 to 18:00"
    channels = factory.LazyFunction(lambda: ["voice", "chat"])
    openings = 2
    valid_through = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    owner = factory.SubFactory(UserFactory, groups=["recruiter"])


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    role = factory.SubFactory(RoleProfileFactory)
    position = factory.Sequence(lambda n: n + 1)
    category = "support"
    text = factory.Sequence(lambda n: f"Resolve billing question type {n} on the first contact")


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    role = factory.SubFactory(RoleProfileFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = QualificationKind.REQUIRED
    category = "communication"
    text = factory.Sequence(lambda n: f"Clear written English for customer emails ({n})")


class KpiTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiTarget

    role = factory.SubFactory(RoleProfileFactory)
    metric = "csat"
    comparator = "at_least"
    value = Decimal(85)
    unit = "percent"
    channel = "any"


class CompensationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compensation

    role = factory.SubFactory(RoleProfileFactory)
    currency = "USD"
    pay_period = "year"
    minimum = Decimal(36000)
    maximum = Decimal(44000)
    benefits = "Health, dental and vision cover from day one."


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    role = factory.SubFactory(RoleProfileFactory)
    onboarding_hours = 80
    classroom_weeks = 2
    mentored_weeks = 6


class CareerStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareerStep

    role = factory.SubFactory(RoleProfileFactory)
    title = "Senior Customer Service Associate"
    after_months_min = 12
    after_months_max = 24
    typical_raise_percent = 12


class ScreeningQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScreeningQuestion

    role = factory.SubFactory(RoleProfileFactory)
    text = "Are you allowed to work in the United States?"
    answer_type = "yes_no"
    knockout_when = "answer_is_no"


def complete_role(**overrides) -> RoleProfile:
    """A draft role with every section filled in, ready to publish."""
    role = RoleProfileFactory(**overrides)
    ResponsibilityFactory(role=role)
    ResponsibilityFactory(role=role, category="documentation")
    QualificationFactory(role=role)
    QualificationFactory(role=role, kind=QualificationKind.PREFERRED, category="language")
    KpiTargetFactory(role=role)
    CompensationFactory(role=role)
    TrainingFactory(role=role)
    CareerStepFactory(role=role)
    ScreeningQuestionFactory(role=role)
    return role


def published_role(**overrides) -> RoleProfile:
    role = complete_role(**overrides)
    publish_role(role=role, by=role.owner)
    role.refresh_from_db()
    return role
