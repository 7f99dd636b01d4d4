from django.urls import path

from . import disposal_views, schedule_views, views

app_name = "archive"

urlpatterns = [
    path("arkiv/", views.export_list, name="exports"),
    path("arkiv/paket/<int:pk>/", views.download, name="download"),
    path("arkiv/arende/<str:number>/", views.case_page, name="case"),
    path("arkiv/arende/<str:number>/exportera/", views.case_export, name="case_export"),
    path("arkiv/organ/<str:code>/", views.body_page, name="body"),
    path("arkiv/organ/<str:code>/exportera/", views.body_export, name="body_export"),
    path("arkiv/gallring/", disposal_views.disposal_index, name="disposal"),
    path("arkiv/gallring/foresla/", disposal_views.disposal_propose, name="disposal_propose"),
    path("arkiv/gallring/<int:pk>/", disposal_views.disposal_run, name="disposal_run"),
    path("arkiv/gallring/plan/<int:pk>/", schedule_views.schedule_edit, name="schedule"),
    path("arkiv/gallring/plan/<int:pk>/regler/", schedule_views.rule_add, name="rule_add"),
    path("arkiv/gallring/regel/<int:pk>/", schedule_views.rule_change, name="rule_change"),
    path(
        "arkiv/gallring/regel/<int:pk>/ta-bort/",
        schedule_views.rule_remove,
        name="rule_remove",
    ),
    path(
        "arkiv/gallring/<int:pk>/godkann/",
        disposal_views.disposal_approve,
        name="disposal_approve",
    ),
]
