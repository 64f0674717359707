from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import linebreaks

from .selectors import live_revisions

FEED_SIZE = 50


class LatestRolesFeed(Feed):
    """RSS of the roles on the board, for job boards and aggregators."""

    description_template = None

    def title(self):
        return f"Open roles at {settings.HIRING_ORGANIZATION}"

    def link(self):
        return reverse("roles:board")

    def description(self):
        return "Customer service roles we are hiring for now."

    def items(self):
        return live_revisions().defer("snapshot", "search_document")[:FEED_SIZE]

    def item_title(self, revision):
        return f"{revision.title} — {revision.role.location_label}"

    def item_description(self, revision):
        # Feed readers render a description as HTML, and the summary is text a recruiter
        # typed: escaped here, it reads as typed and nothing in it runs in a reader.
        return linebreaks(revision.summary, autoescape=True)

    def item_link(self, revision):
        return revision.role.get_absolute_url()

    def item_guid(self, revision):
        return f"{revision.role.slug}#revision-{revision.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, revision):
        return revision.published_at

    def item_categories(self, revision):
        return [revision.get_workplace_display(), revision.get_employment_type_display()]
