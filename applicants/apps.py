from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "applicants"
    verbose_name = "Applicants"

    def ready(self) -> None:
        from csa_portal.context_processors import PAGE_CONTEXT
        from csa_portal.outbox import SEND_TIME_CONTEXT

        from .context_processors import candidate
        from .services import confirmation_link_context, magic_link_context

        if candidate not in PAGE_CONTEXT:
            PAGE_CONTEXT.append(candidate)

        SEND_TIME_CONTEXT["applicants/magic_link"] = magic_link_context
        SEND_TIME_CONTEXT["applicants/application_received"] = confirmation_link_context
