from django.urls import path

from . import views

app_name = "control"

urlpatterns = [
    path("internkontroll/", views.index, name="index"),
    path("internkontroll/ny/", views.plan_create, name="plan_create"),
    path("internkontroll/atgarder/", views.actions, name="actions"),
    path("internkontroll/installningar/", views.settings_page, name="settings"),
    path("internkontroll/installningar/standard/", views.defaults_create, name="defaults_create"),
    path("internkontroll/installningar/kategori/ny/", views.category_add, name="category_add"),
    path(
        "internkontroll/installningar/kategori/<int:pk>/",
        views.category_rename,
        name="category_rename",
    ),
    path(
        "internkontroll/installningar/kategori/<int:pk>/ta-bort/",
        views.category_delete,
        name="category_delete",
    ),
    path("internkontroll/installningar/steg/ny/", views.step_add, name="step_add"),
    path("internkontroll/installningar/steg/<int:pk>/", views.step_update, name="step_update"),
    path(
        "internkontroll/installningar/steg/<int:pk>/ta-bort/",
        views.step_remove,
        name="step_remove",
    ),
    path("internkontroll/<int:pk>/", views.plan, name="plan"),
    path(
        "internkontroll/<int:pk>/internkontrollplan.xlsx",
        views.plan_workbook,
        name="plan_workbook",
    ),
    path("internkontroll/<int:pk>/beslutsforslag/", views.plan_propose, name="plan_propose"),
    path("internkontroll/<int:pk>/utvardering/", views.plan_evaluation, name="plan_evaluation"),
    path("internkontroll/<int:pk>/risk/ny/", views.risk_create, name="risk_create"),
    path("internkontroll/<int:pk>/risk/<int:risk>/", views.risk_edit, name="risk_edit"),
    path("internkontroll/<int:pk>/risk/<int:risk>/ta-bort/", views.risk_delete, name="risk_delete"),
    path(
        "internkontroll/<int:pk>/risk/<int:risk>/kontrollmoment/ny/",
        views.point_create,
        name="point_create",
    ),
    path(
        "internkontroll/<int:pk>/kontrollmoment/<int:point>/",
        views.point_edit,
        name="point_edit",
    ),
    path(
        "internkontroll/<int:pk>/kontrollmoment/<int:point>/ta-bort/",
        views.point_delete,
        name="point_delete",
    ),
    path("internkontroll/resultat/<int:pk>/", views.result, name="result"),
    path("internkontroll/resultat/<int:pk>/spara/", views.result_save, name="result_save"),
    path("internkontroll/resultat/<int:pk>/lamna-in/", views.result_submit, name="result_submit"),
    path("internkontroll/resultat/<int:pk>/godkann/", views.result_approve, name="result_approve"),
    path(
        "internkontroll/resultat/<int:pk>/skicka-tillbaka/",
        views.result_return,
        name="result_return",
    ),
    path("internkontroll/resultat/<int:pk>/atgard/ny/", views.action_create, name="action_create"),
    path("internkontroll/atgard/<int:pk>/", views.action, name="action"),
    path("internkontroll/atgard/<int:pk>/folj-upp/", views.action_update, name="action_update"),
    path("internkontroll/atgard/<int:pk>/lyft/", views.action_raise, name="action_raise"),
]
