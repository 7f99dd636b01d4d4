from django.urls import path

from . import views

app_name = "api_admin"

urlpatterns = [
    path("administration/api-nycklar/", views.tokens, name="tokens"),
    path("administration/api-nycklar/ny/", views.token_create, name="token_create"),
    path("administration/api-nycklar/<int:pk>/aterkalla/", views.token_revoke, name="token_revoke"),
]
