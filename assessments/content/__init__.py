"""The assessment content candidates take and reviewers score against, as plain data.

``TEMPLATES`` maps each template's key to its definition: the three tasks (practice call,
written hand-off, situational quiz) with their rubrics, the calibration responses reviewers
train on, and sample responses for the demo. No Django here: the loader validates this data
and maps it onto the models, and ``tests/assessments/test_content.py`` checks its shape.
"""

from . import customer_service, technical_support

TEMPLATES: dict[str, dict] = {
    template["key"]: template
    for template in (customer_service.TEMPLATE, technical_support.TEMPLATE)
}

__all__ = ["TEMPLATES"]
