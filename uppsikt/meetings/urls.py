from django.urls import path

from . import board, views

app_name = "meetings"

urlpatterns = [
    path("sammantraden/", views.index, name="index"),
    path("sammantraden/<int:pk>/", views.meeting_detail, name="meeting"),
    path("sammantraden/<int:pk>/atgard/", views.meeting_action, name="meeting_action"),
    path("sammantraden/<int:pk>/kallelse.pdf", views.notice_pdf, name="notice_pdf"),
    path("sammantraden/<int:pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("paragrafer/<int:pk>/", views.item_detail, name="item"),
    path("paragrafer/<int:pk>/atgard/", views.item_action, name="item_action"),
    path("paragrafer/<int:pk>/utdrag.<str:fmt>", views.extract, name="extract"),
    path("uppdrag/", views.assignments, name="assignments"),
    path("uppdrag/<int:pk>/", views.assignment_detail, name="assignment"),
]

board_urlpatterns = (
    [
        path("anslagstavla/", board.board, name="board"),
        path("anslagstavla/arkiv/", board.archive, name="archive"),
        path("anslagstavla/flode.atom", board.feed, name="feed"),
        path("anslagstavla/<int:pk>/", board.notice, name="notice"),
        path("anslagstavla/<int:pk>/protokoll.pdf", board.notice_minutes, name="minutes"),
    ],
    "noticeboard",
)
