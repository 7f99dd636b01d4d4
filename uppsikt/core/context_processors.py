from django.conf import settings

import uppsikt as package


def uppsikt(request):
    return {"uppsikt_version": package.__version__, "debug": settings.DEBUG}
