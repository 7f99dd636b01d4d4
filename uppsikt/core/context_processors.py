from django.conf import settings

import uppsikt as package


def uppsikt(request):
    return {
        "uppsikt_version": package.__version__,
        "debug": settings.DEBUG,
        "oidc_enabled": bool(getattr(settings, "OIDC_RP_CLIENT_ID", "")),
        "oidc_label": getattr(settings, "UPPSIKT_OIDC_LABEL", ""),
    }
