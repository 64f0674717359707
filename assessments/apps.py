from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from applicants import extensions
        from csa_portal.outbox import SEND_TIME_CONTEXT

        from .services import invitations
        from .views import panels

        SEND_TIME_CONTEXT[invitations.INVITATION_MAIL] = invitations.invitation_link_context
        SEND_TIME_CONTEXT[invitations.REMINDER_MAIL] = invitations.invitation_link_context
        extensions.STAGE_ENTERED.append(invitations.stage_entered)
        extensions.APPLICATION_CLOSED.append(invitations.application_closed)
        extensions.APPLICATION_REOPENED.append(invitations.application_reopened)
        extensions.CANDIDATE_ERASED.append(invitations.candidate_erased)
        extensions.APPLICATION_PANELS.append(panels.application_panel)
        extensions.PORTAL_PANELS.append(panels.portal_panel)
        extensions.BOARD_CARDS.append(panels.board_cards)
        extensions.EXPORT_SECTIONS.append(panels.export_section)
        extensions.BULK_ACTIONS.append(
            extensions.BulkAction(
                key="invite",
                label="Invite to the assessment",
                done_label="invited to the assessment",
                run=invitations.bulk_invite,
            )
        )
