"""The recruiter's pipeline board and application page (being written)."""


def _todo(request, *args, **kwargs):
    raise NotImplementedError


pipeline = bulk = application = move = reject = note = resume = reasons = reason_edit = _todo
