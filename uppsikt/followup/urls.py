from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("uppfoljning/", views.index, name="index"),
    path("uppfoljning/perioder/ny/", views.period_add, name="period_add"),
    path("uppfoljning/perioder/kalender/", views.calendar_create, name="calendar_create"),
    path("uppfoljning/<int:pk>/andra/", views.period_edit, name="period_edit"),
    path("uppfoljning/<int:pk>/", views.progress, name="progress"),
    path("uppfoljning/<int:pk>/oppna/", views.period_open, name="period_open"),
    path("uppfoljning/<int:pk>/stang/", views.period_close, name="period_close"),
    path("uppfoljning/<int:pk>/paminn/", views.reminders, name="reminders"),
    path("uppfoljning/<int:pk>/enhet/<str:code>/", views.unit_assessments, name="unit"),
    path(
        "uppfoljning/<int:pk>/enhet/<str:code>/excel.xlsx",
        views.unit_workbook,
        name="unit_workbook",
    ),
    path(
        "uppfoljning/<int:pk>/enhet/<str:code>/excel/",
        views.unit_workbook_upload,
        name="unit_workbook_upload",
    ),
    path("uppfoljning/bedomning/<int:pk>/spara/", views.assessment_save, name="save"),
    path("uppfoljning/bedomning/<int:pk>/lamna-in/", views.assessment_submit, name="submit"),
    path("uppfoljning/bedomning/<int:pk>/godkann/", views.assessment_approve, name="approve"),
    path("uppfoljning/bedomning/<int:pk>/skicka-tillbaka/", views.assessment_return, name="return"),
    path("rod-trad/<str:kind>/<int:pk>/", views.thread, name="thread"),
]
