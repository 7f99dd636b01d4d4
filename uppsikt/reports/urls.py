from django.urls import path

from . import views, views_oversight, views_search

app_name = "reports"

urlpatterns = [
    path("sok/", views_search.search, name="search"),
    path("dokument/", views.index, name="documents"),
    path("dokument/mall/", views.template, name="document_template"),
    path("dokument/mall/aterstall/", views.template_reset, name="document_template_reset"),
    path("dokument/mall/logotyp/", views.logo_upload, name="logo_upload"),
    path("dokument/mall/logotyp/aterstall/", views.logo_reset, name="logo_reset"),
    path("dokument/mall/mall.docx", views.template_file, name="document_template_file"),
    path("dokument/mall/bildspel/", views.slides_template, name="slides_template"),
    path(
        "dokument/mall/bildspel/aterstall/",
        views.slides_template_reset,
        name="slides_template_reset",
    ),
    path("dokument/mall/bildspel.pptx", views.slides_template_file, name="slides_template_file"),
    path("dokument/<str:code>/<str:ident>/", views.page, name="document_page"),
    path(
        "dokument/<str:kind>/<str:code>/<str:ident>/visa/",
        views.document,
        name="document",
    ),
    path(
        "dokument/<str:kind>/<str:code>/<str:ident>/fil.<str:fmt>",
        views.document_file,
        name="document_file",
    ),
    path(
        "dokument/<str:kind>/<str:code>/<str:ident>/skapa.<str:fmt>",
        views.document_render_start,
        name="document_render_start",
    ),
    path("dialoger/oversikt/", views_oversight.oversight_page, name="oversight"),
    path("dialoger/<int:pk>/underlag/", views_oversight.brief, name="dialogue_brief"),
    path(
        "dialoger/<int:pk>/underlag.<str:fmt>",
        views_oversight.brief_file,
        name="dialogue_brief_file",
    ),
    path(
        "dialoger/<int:pk>/underlag/skapa/",
        views_oversight.brief_generate,
        name="dialogue_brief_generate",
    ),
    path(
        "dokument/<str:kind>/<str:code>/<str:ident>/texter/",
        views.document_texts,
        name="document_texts",
    ),
]
