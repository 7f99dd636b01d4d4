from django.apps import AppConfig


class ControlConfig(AppConfig):
    name = "uppsikt.control"
    label = "control"
    verbose_name = "Intern kontroll"

    def ready(self):
        from uppsikt.followup.todo import register_todo_provider

        from .todo import control_results_part

        # The control results of a unit are reported on its to-do page beside the assessments.
        register_todo_provider(control_results_part)
