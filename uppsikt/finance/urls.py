from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("ekonomi/", views.ledger_home, name="ledger"),
    path("ekonomi/konton/", views.ledger_accounts, name="accounts"),
    path("ekonomi/transaktioner/", views.ledger_transactions, name="transactions"),
    path("ekonomi/ackumulerat.json", views.ytd_download, name="ytd_download"),
    path("ekonomi/rabalans.<str:fmt>", views.trial_balance_download, name="trial_balance"),
    path("ekonomi/rapportrader/", views.report_lines, name="report_lines"),
    path("ekonomi/investeringar/", views.capital, name="capital"),
    path(
        "ekonomi/investeringar/<int:project_id>/prognosavvikelser/",
        views.capital_parts,
        name="capital_parts",
    ),
    path("ekonomi/prognos/", views.forecast, name="forecast"),
    path("ekonomi/mall/<str:kind>.xlsx", views.template_download, name="template"),
    path("ekonomi/mall/", views.template_upload, name="template_upload"),
    path("ekonomi/importer/", views.imports, name="imports"),
    path("ekonomi/importer/ny/", views.import_upload, name="import_upload"),
    path("ekonomi/importer/<int:pk>/", views.import_detail, name="import"),
]
