from django.urls import path

from . import action_views as actions
from . import board, member_views, views

app_name = "meetings"

urlpatterns = [
    path("sammantraden/", views.index, name="index"),
    path("sammantraden/<int:pk>/", views.meeting_detail, name="meeting"),
    path(
        "sammantraden/<int:pk>/foredragningslista/forslag/",
        actions.meeting_agenda_proposal,
        name="meeting_agenda_proposal",
    ),
    path(
        "sammantraden/<int:pk>/foredragningslista/information/",
        actions.meeting_agenda_information,
        name="meeting_agenda_information",
    ),
    path(
        "sammantraden/<int:pk>/foredragningslista/delegationsbeslut/",
        actions.meeting_agenda_delegated,
        name="meeting_agenda_delegated",
    ),
    path(
        "sammantraden/<int:pk>/foredragningslista/utgar/",
        actions.meeting_agenda_withdraw,
        name="meeting_agenda_withdraw",
    ),
    path(
        "sammantraden/<int:pk>/foredragningslista/flytta/",
        actions.meeting_agenda_move,
        name="meeting_agenda_move",
    ),
    path(
        "sammantraden/<int:pk>/kallelse/",
        actions.meeting_summons_send,
        name="meeting_summons_send",
    ),
    path("sammantraden/<int:pk>/narvaro/", actions.meeting_attendance, name="meeting_attendance"),
    path("sammantraden/<int:pk>/oppna/", actions.meeting_hold, name="meeting_hold"),
    path("sammantraden/<int:pk>/justerare/", actions.meeting_approvers, name="meeting_approvers"),
    path("sammantraden/<int:pk>/justera/", member_views.meeting_sign, name="meeting_sign"),
    path(
        "sammantraden/<int:pk>/justera-med-e-legitimation/",
        actions.meeting_sign_eid,
        name="meeting_sign_eid",
    ),
    path(
        "sammantraden/<int:pk>/justera-pa-papper/",
        actions.meeting_sign_paper,
        name="meeting_sign_paper",
    ),
    path("sammantraden/<int:pk>/kallelse.pdf", views.summons_pdf, name="summons_pdf"),
    path("sammantraden/<int:pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("paragrafer/<int:pk>/", views.item_detail, name="item"),
    path("paragrafer/<int:pk>/text/", actions.item_update, name="item_update"),
    path("paragrafer/<int:pk>/yrkande/", actions.item_motion, name="item_motion"),
    path(
        "paragrafer/<int:pk>/yrkande/aterta/",
        actions.item_motion_withdraw,
        name="item_motion_withdraw",
    ),
    path("paragrafer/<int:pk>/beslut/", actions.item_decide, name="item_decide"),
    path("paragrafer/<int:pk>/omrostning/", actions.item_vote, name="item_vote"),
    path("paragrafer/<int:pk>/reservation/", actions.item_dissent, name="item_dissent"),
    path("paragrafer/<int:pk>/anteckning/", actions.item_note, name="item_note"),
    path("paragrafer/<int:pk>/jav/", actions.item_recusal, name="item_recusal"),
    path("paragrafer/<int:pk>/justera/", member_views.item_sign, name="item_sign"),
    path(
        "paragrafer/<int:pk>/justera-med-e-legitimation/",
        actions.item_sign_eid,
        name="item_sign_eid",
    ),
    path("paragrafer/<int:pk>/justera-pa-papper/", actions.item_sign_paper, name="item_sign_paper"),
    path("paragrafer/<int:pk>/rattelse/", actions.item_correct, name="item_correct"),
    path("paragrafer/<int:pk>/expediera/", actions.item_dispatch, name="item_dispatch"),
    path("paragrafer/<int:pk>/uppdrag/", actions.item_assignment, name="item_assignment"),
    path(
        "paragrafer/<int:pk>/uppdrag/slutfort/",
        actions.item_assignment_close,
        name="item_assignment_close",
    ),
    path("paragrafer/<int:pk>/utdrag.<str:fmt>", views.extract, name="extract"),
    path("ledamot/", member_views.room, name="member_room"),
    path("ledamot/sammantraden/<int:pk>/", member_views.meeting_papers, name="member_meeting"),
    path(
        "ledamot/punkter/<int:pk>/anteckning/",
        member_views.agenda_item_note,
        name="member_item_note",
    ),
    path(
        "ledamot/handlingar/<int:pk>/anteckning/",
        member_views.record_note,
        name="member_record_note",
    ),
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
