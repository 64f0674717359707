import logging

from csa_portal.logging import RedactSecretPaths


def test_sign_in_tokens_never_reach_the_log():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Gone: %s",
        ("/candidate/login/abcDEF123-_x/",),
        None,
    )
    assert RedactSecretPaths().filter(record)
    assert record.getMessage() == "Gone: /candidate/login/[redacted]/"


def test_other_messages_are_untouched():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "GET %s", ("/jobs/",), None)
    RedactSecretPaths().filter(record)
    assert record.getMessage() == "GET /jobs/"


def test_the_login_page_itself_is_untouched():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "GET /candidate/login/ 200", (), None
    )
    RedactSecretPaths().filter(record)
    assert record.getMessage() == "GET /candidate/login/ 200"
