from django.urls import path

from . import downloads, views
from .selectors import OBJECTS

app_name = "oparl"

urlpatterns = [
    path("oparl/v1.1/", views.system, name="system"),
    path("oparl/v1.1/bodies/", views.bodies, name="bodies"),
    path("oparl/v1.1/body/<slug:slug>/", views.body, name="body"),
    path("oparl/v1.1/body/<slug:slug>/<slug:kind>/", views.body_list, name="body_list"),
    path("oparl/v1.1/term/<int:year>/", views.term, name="term"),
    *(path(f"oparl/v1.1/{kind}/<int:pk>/", views.object_view(kind), name=kind) for kind in OBJECTS),
    path("oppna-data/", downloads.index, name="downloads"),
    path("oppna-data/arenden.<str:fmt>", downloads.cases, name="cases_download"),
    path("oppna-data/indikatorer.<str:fmt>", downloads.indicators, name="indicators_download"),
]
