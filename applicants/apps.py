from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "applicants"
    verbose_name = "Applicants"

    def ready(self) -> None:
        from csa_portal.context_processors import PAGE_CONTEXT
        from csa_portal.outbox import SEND_TIME_CONTEXT
        from roles.extensions import ROLE_LIST_COLUMNS

        from .context_processors import candidate
        from .role_list import stage_counts_column
        from .services import confirmation_link_context, magic_link_context

        if candidate not in PAGE_CONTEXT:
            PAGE_CONTEXT.append(candidate)

        SEND_TIME_CONTEXT["applicants/magic_link"] = magic_link_context
        SEND_TIME_CONTEXT["applicants/application_received"] = confirmation_link_context
        if stage_counts_column not in ROLE_LIST_COLUMNS:
            ROLE_LIST_COLUMNS.append(stage_counts_column)
