from django.urls import path

from . import admin_views, views

app_name = "organisation"

urlpatterns = [
    path("organisation/", views.overview, name="overview"),
    path("organ/", views.body_list, name="bodies"),
    path("organ/<str:code>/", views.body_detail, name="body"),
    path("enheter/", views.unit_list, name="units"),
    path("enheter/<str:code>/", views.unit_detail, name="unit"),
    path("personer/<int:pk>/", views.person_detail, name="person"),
    path("logotyp.png", views.logo, name="logo"),
    path("administration/personer/", admin_views.people, name="admin_people"),
    path("administration/personer/ny/", admin_views.person_create, name="admin_person_create"),
    path("administration/personer/<int:pk>/", admin_views.person_manage, name="admin_person"),
    path(
        "administration/personer/<int:pk>/uppgifter/",
        admin_views.person_update,
        name="admin_person_update",
    ),
    path(
        "administration/personer/<int:pk>/konto/",
        admin_views.person_account_create,
        name="admin_person_account",
    ),
    path(
        "administration/personer/<int:pk>/konto/aktivera/",
        admin_views.person_account_activate,
        name="admin_person_activate",
    ),
    path(
        "administration/personer/<int:pk>/konto/inaktivera/",
        admin_views.person_account_deactivate,
        name="admin_person_deactivate",
    ),
    path(
        "administration/personer/<int:pk>/roller/",
        admin_views.person_role_grant,
        name="admin_person_role_grant",
    ),
    path(
        "administration/roller/<int:pk>/ta-bort/", admin_views.role_revoke, name="admin_role_revoke"
    ),
    path("administration/granskning/", admin_views.audit_trail, name="admin_audit"),
    path("administration/integrationer/", admin_views.integrations, name="admin_integrations"),
]
