from django.conf import settings

import uppsikt as package


def uppsikt(request):
    return {
        "uppsikt_version": package.__version__,
        "debug": settings.DEBUG,
        # the demo's Test-e-legitimation vouches for approvals only, not for signing in
        "oidc_enabled": bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))
        and not getattr(settings, "UPPSIKT_DEMO_EID", False),
        "oidc_label": getattr(settings, "UPPSIKT_OIDC_LABEL", ""),
    }
