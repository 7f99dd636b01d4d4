from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from uppsikt.core import views as core_views
from uppsikt.meetings import urls as meetings_urls
from uppsikt.organisation import admin_views, oidc, stepup, testeid

urlpatterns = [
    path("", include("uppsikt.home.urls")),
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
    path("oidc/authenticate/", oidc.authenticate_view, name="oidc_authentication_init"),
    path("oidc/callback/", oidc.callback_view, name="oidc_authentication_callback"),
    path("oidc/e-legitimation/", stepup.callback_view, name="oidc_step_up_callback"),
    # the demo's Test-e-legitimation (404 unless UPPSIKT_DEMO_EID is on)
    path(
        f"{testeid.PATH}/.well-known/openid-configuration",
        testeid.discovery,
        name="testeid_discovery",
    ),
    path(f"{testeid.PATH}/jwks/", testeid.jwks, name="testeid_jwks"),
    path(f"{testeid.PATH}/authorize/", testeid.authorize, name="testeid_authorize"),
    path(f"{testeid.PATH}/token/", testeid.token, name="testeid_token"),
    path(f"{testeid.PATH}/userinfo/", testeid.userinfo, name="testeid_userinfo"),
    path("mitt-konto/", admin_views.my_account, name="my_account"),
    path("mitt-konto/losenord/", admin_views.password_change, name="password_change"),
    path("jobb/<int:pk>/", core_views.job_detail, name="job"),
    path("api/v1/", include("uppsikt.api.urls")),
    path("", include("uppsikt.notifications.urls")),
    path("", include("uppsikt.organisation.urls")),
    path("", include("uppsikt.finance.urls")),
    path("", include("uppsikt.planning.urls")),
    path("", include("uppsikt.kolada.urls")),
    path("", include("uppsikt.followup.urls")),
    path("", include("uppsikt.control.urls")),
    path("", include("uppsikt.reports.urls")),
    path("", include("uppsikt.cases.urls")),
    path("", include("uppsikt.meetings.urls")),
    path("", include("uppsikt.dialogues.urls")),
    path("", include("uppsikt.archive.urls")),
    path("", include(meetings_urls.board_urlpatterns)),
    path("", include("uppsikt.workforce.urls")),
    path("", include("uppsikt.oparl.urls")),
    path("", include("uppsikt.api.admin_urls")),
]

handler400 = "uppsikt.core.views.bad_request"
handler404 = "uppsikt.core.views.not_found"
handler403 = "uppsikt.core.views.forbidden"
handler500 = "uppsikt.core.views.server_error"
