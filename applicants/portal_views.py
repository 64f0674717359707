"""The candidate portal (being written)."""


def _todo(request, *args, **kwargs):
    raise NotImplementedError


portal = login = redeem = logout = withdraw = export = erase = _todo
