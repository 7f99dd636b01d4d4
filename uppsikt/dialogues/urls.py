from django.urls import path

from . import views

app_name = "dialogues"

urlpatterns = [
    path("dialoger/", views.index, name="index"),
    path("dialoger/ny/", views.create, name="create"),
    path("dialoger/<int:pk>/", views.dialogue, name="dialogue"),
    path("dialoger/<int:pk>/andra/", views.edit, name="edit"),
    path("dialoger/<int:pk>/bild/<str:key>/", views.text, name="text"),
    path("dialoger/<int:pk>/beslutsforslag/", views.proposal, name="proposal"),
    path("dialoger/<int:pk>/foredragningslista/", views.agenda, name="agenda"),
    path("dialoger/anteckningar/ny/", views.notes_create, name="notes_create"),
    path("dialoger/anteckningar/<int:pk>/", views.notes, name="notes"),
    path(
        "dialoger/anteckningar/<int:pk>/narvarande/",
        views.notes_attendee_add,
        name="notes_attendee_add",
    ),
    path(
        "dialoger/anteckningar/<int:pk>/narvarande/ta-bort/",
        views.notes_attendee_remove,
        name="notes_attendee_remove",
    ),
    path(
        "dialoger/anteckningar/<int:pk>/fragor/",
        views.notes_question_add,
        name="notes_question_add",
    ),
    path(
        "dialoger/anteckningar/<int:pk>/fragor/<int:question>/",
        views.notes_answer,
        name="notes_answer",
    ),
    path("dialoger/anteckningar/<int:pk>/skicka/", views.notes_send, name="notes_send"),
    path("dialoger/anteckningar/<int:pk>/fil.<str:fmt>", views.notes_file, name="notes_file"),
    path("dialoger/fragebank/", views.questions, name="questions"),
    path("dialoger/fragebank/anvands/", views.question_active, name="question_active"),
]
