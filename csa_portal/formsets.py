"""Saving the ordered inline formsets that the editors use (role sections, assessment rows).

A recruiter orders rows by typing order numbers, removes them with a tick and adds them by
filling a blank row. Saving turns the typed order into positions 1, 2, 3...
"""


def save_ordered(formset, **parent) -> None:
    """Save a validated formset with ``can_order`` and ``can_delete``; ``parent`` sets the
    foreign key on new rows when the formset is not an inline one (``turn=task``...)."""
    for obj in formset.save(commit=False):
        for name, value in parent.items():
            setattr(obj, name, value)
        obj.save()
    for obj in formset.deleted_objects:
        obj.delete()
    kept = [f for f in formset.ordered_forms if f.instance.pk and f not in formset.deleted_forms]
    for position, form in enumerate(kept, start=1):
        if form.instance.position != position:
            form.instance.position = position
            form.instance.save(update_fields=["position"])
