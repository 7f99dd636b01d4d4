from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("aviseringar/", views.notification_list, name="list"),
    path("aviseringar/<int:pk>/last/", views.notification_read, name="read"),
    path("aviseringar/<int:pk>/olast/", views.notification_unread, name="unread"),
    path("aviseringar/alla-lasta/", views.notifications_read_all, name="read_all"),
    path("aviseringar/installningar/", views.notification_setting, name="setting"),
]
