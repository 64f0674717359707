"""The pipeline board's cards, written out in Python.

A board shows up to 15 cards a stage, 105 in all. Through the template engine each card was
some thirty nodes, every id localised as a number on the way, and the cards were most of the
board's time (docs/performance.md); built here, the 105 cost a few milliseconds. Everything
shown is escaped. The move form's fields are ``MoveForm``'s (prefix "move"), which validates
the post: without JavaScript it posts and the page reloads; with htmx the columns are swapped
in place. The handle, hidden until ``pipeline.js`` shows it, moves the card a stage left or
right with the arrow keys.
"""

from django import template
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

KNOCKED_OUT = (
    '<span class="badge text-bg-warning" title="A screening answer did not meet a stated '
    'requirement">Knocked out</span>'
)


@register.simple_tag(takes_context=True)
def board_cards(context, column) -> SafeString:
    """The ``<li>`` of every card of one column."""
    request = context["request"]
    shared = {
        "can_act": bool(context.get("can_act")),
        "selected": context.get("selected_ids") or (),
        "moved": context.get("moved_pk"),
        "application_path": context["application_path"],
        "move_path": context["move_path"],
        "csrf": escape(get_token(request)),
        "back": escape(context["board_url"]),
        "options": column.move_options if hasattr(column, "move_options") else "",
        "now": timezone.now(),
    }
    return mark_safe("".join(_card(card, shared) for card in column.cards))  # noqa: S308  # nosec B308 B703 # every value is escaped in _card


def _card(card, shared: dict) -> str:
    pk = card.pk
    name = escape(card.name)
    active = card.status == "active"
    acts = shared["can_act"] and active
    moved = pk == shared["moved"]
    days = (shared["now"] - card.stage_entered_at).days
    when = (
        "New in this stage today"
        if days <= 0
        else f"{days} day{'s' if days != 1 else ''} in this stage"
    )
    source = (
        f' · <span class="visually-hidden">Source: </span>{escape(card.source)}'
        if card.source
        else ""
    )
    badges = [KNOCKED_OUT] if card.knocked_out else []
    for badge in getattr(card, "badges", ()):
        title = f' title="{escape(badge.title)}"' if badge.title else ""
        badges.append(
            f'<span class="badge {escape(badge.css)}"{title}>{escape(badge.label)}</span>'
        )
    if not active:
        badges.append(
            f'<span class="badge text-bg-secondary">{escape(card.get_status_display())}</span>'
        )
    parts = [
        f'<li class="card pipeline-card mb-2{" border-primary" if moved else ""}" '
        f'id="application-{pk}" data-stage="{card.stage_id}"'
        f'{" data-focus-after-swap" if moved else ""}><div class="card-body p-2">'
        '<div class="d-flex gap-2 align-items-start">'
    ]
    if acts:
        checked = " checked" if str(pk) in shared["selected"] else ""
        # The tick belongs to the bulk form above the board (the form attribute).
        parts.append(
            f'<input class="form-check-input mt-1 flex-shrink-0" type="checkbox" '
            f'name="applications" value="{pk}" form="bulk-form" id="select-{pk}"{checked}>'
            f'<label class="visually-hidden" for="select-{pk}">Select {name}</label>'
        )
    parts.append(
        f'<div class="flex-grow-1 min-w-0"><a class="fw-semibold text-break" '
        f'href="{shared["application_path"]}{pk}/">{name}</a>'
        f'<div class="small text-body-secondary">{when}{source}</div>'
    )
    if badges:
        parts.append(f'<div class="d-flex flex-wrap gap-1 mt-1">{"".join(badges)}</div>')
    parts.append("</div>")
    if acts:
        parts.append(
            '<button type="button" class="btn btn-sm btn-link p-0 card-handle flex-shrink-0" '
            f'data-move-handle aria-describedby="board-keys-help" aria-label="{name}: move with '
            'the arrow keys" hidden><i class="bi bi-arrows-move" aria-hidden="true"></i></button>'
        )
    parts.append("</div>")
    if acts:
        action = f"{shared['move_path']}{pk}/move/"
        parts.append(
            f'<form class="card-move mt-2" method="post" action="{action}" hx-post="{action}" '
            'hx-target="#pipeline-columns" hx-swap="outerHTML">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{shared["csrf"]}">'
            f'<input type="hidden" name="move-next" value="{shared["back"]}">'
            f'<label class="visually-hidden" for="move-{pk}">Move {name} to</label>'
            '<div class="input-group input-group-sm">'
            f'<select class="form-select" name="move-to_stage" id="move-{pk}" required>'
            f'<option value="">Move to…</option>{shared["options"]}</select>'
            f'<button class="btn btn-outline-secondary" type="submit" aria-label="Move {name}" '
            'title="Move"><i class="bi bi-arrow-right" aria-hidden="true"></i></button>'
            "</div></form>"
        )
    parts.append("</div></li>")
    return "".join(parts)
