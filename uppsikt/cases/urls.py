from django.urls import path

from . import action_views as actions
from . import proposal_views as proposals
from . import views

app_name = "cases"

urlpatterns = [
    path("diariet/", views.index, name="index"),
    path("diariet/export.csv", views.export, name="export"),
    path("diariet/nytt/", views.case_create, name="case_create"),
    path("diariet/delegationsbeslut/", views.delegated, name="delegated"),
    path("diariet/konsekvensanalyser/", proposals.questions, name="questions"),
    path("diariet/<str:number>/", views.case_detail, name="case"),
    path("diariet/<str:number>/avsluta/", actions.case_close, name="case_close"),
    path("diariet/<str:number>/ateroppna/", actions.case_reopen, name="case_reopen"),
    path("diariet/<str:number>/makulera/", actions.case_void, name="case_void"),
    path("diariet/<str:number>/nasta-steg/", actions.case_advance, name="case_advance"),
    path("diariet/<str:number>/andra/", views.case_edit, name="case_edit"),
    path(
        "diariet/<str:number>/sekretessprovning/",
        views.case_secrecy_review,
        name="case_secrecy_review",
    ),
    path("diariet/<str:number>/handlingar/ny/", views.record_create, name="record_create"),
    path("diariet/<str:number>/handlingar/<int:sequence>/", views.record_detail, name="record"),
    path(
        "diariet/<str:number>/handlingar/<int:sequence>/sekretess/",
        actions.record_secrecy,
        name="record_secrecy",
    ),
    path(
        "diariet/<str:number>/handlingar/<int:sequence>/sekretessprovning/",
        views.record_secrecy_review,
        name="record_secrecy_review",
    ),
    path(
        "diariet/<str:number>/handlingar/<int:sequence>/bifoga/",
        actions.record_attach,
        name="record_attach",
    ),
    path(
        "diariet/<str:number>/handlingar/<int:sequence>/filer/<int:pk>/",
        views.record_file,
        name="record_file",
    ),
    path(
        "diariet/<str:number>/beslutsforslag/nytt/",
        proposals.proposal_create,
        name="proposal_create",
    ),
    path("beslutsforslag/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("beslutsforslag/<int:pk>/redigera/", proposals.proposal_edit, name="proposal_edit"),
    path(
        "beslutsforslag/<int:pk>/konsekvenser/<slug:code>/",
        proposals.impact_assessment,
        name="impact_assessment",
    ),
    path("beslutsforslag/<int:pk>/status/", actions.proposal_transition, name="proposal_status"),
    path(
        "beslutsforslag/<int:pk>/beslutsforslag.<str:fmt>",
        proposals.proposal_file,
        name="proposal_file",
    ),
]
