from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("planering/", views.plans, name="plans"),
    path("planering/ny/", views.plan_create, name="plan_create"),
    path("planering/<int:pk>/", views.plan_detail, name="plan"),
    path("planering/<int:pk>/for-vidare/", views.plan_copy_forward, name="copy_forward"),
    path("planering/<int:pk>/status/", views.plan_status, name="plan_status"),
    path("planering/<int:pk>/mal/", views.goal_add, name="goal_add"),
    path("planering/<int:pk>/uppdrag/", views.assignment_add, name="assignment_add"),
    path("planering/<int:pk>/aktiviteter/", views.activity_add, name="activity_add"),
    path("planering/<int:pk>/indikatorer/", views.indicator_add, name="indicator_add"),
    path("planering/<int:pk>/fokusomraden/", views.focus_area_add, name="focus_area_add"),
    # an item's page: its form (GET shows, POST saves) and removal (POST)
    path(
        "planering/<int:pk>/fokusomraden/<int:item>/",
        views.focus_area_edit,
        name="focus_area_edit",
    ),
    path(
        "planering/<int:pk>/fokusomraden/<int:item>/ta-bort/",
        views.focus_area_delete,
        name="focus_area_delete",
    ),
    path("planering/<int:pk>/mal/<int:item>/", views.goal_edit, name="goal_edit"),
    path("planering/<int:pk>/mal/<int:item>/ta-bort/", views.goal_delete, name="goal_delete"),
    path("planering/<int:pk>/uppdrag/<int:item>/", views.assignment_edit, name="assignment_edit"),
    path(
        "planering/<int:pk>/uppdrag/<int:item>/ta-bort/",
        views.assignment_delete,
        name="assignment_delete",
    ),
    path("planering/<int:pk>/aktiviteter/<int:item>/", views.activity_edit, name="activity_edit"),
    path(
        "planering/<int:pk>/aktiviteter/<int:item>/ta-bort/",
        views.activity_delete,
        name="activity_delete",
    ),
    path("planering/<int:pk>/indikatorer/<int:item>/", views.indicator_edit, name="indicator_edit"),
    path(
        "planering/<int:pk>/indikatorer/<int:item>/ta-bort/",
        views.indicator_delete,
        name="indicator_delete",
    ),
    path(
        "planering/<int:pk>/indikatorer/<int:item>/enhetens-malvarde/",
        views.unit_target_set,
        name="unit_target_set",
    ),
    path(
        "planering/<int:pk>/malvarden/<int:target>/ta-bort/",
        views.target_delete,
        name="target_delete",
    ),
]
