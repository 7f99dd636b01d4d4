from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from uppsikt.core import views as core_views
from uppsikt.organisation import views as organisation_views

urlpatterns = [
    path("", organisation_views.home, name="home"),
    path(
        "logga-in/",
        auth_views.LoginView.as_view(
            template_name="core/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("sprak/", login_not_required(set_language), name="set_language"),
    path("halsa/", core_views.health, name="health"),
    path("", include("uppsikt.organisation.urls")),
]

handler404 = "uppsikt.core.views.not_found"
handler403 = "uppsikt.core.views.forbidden"
handler500 = "uppsikt.core.views.server_error"
