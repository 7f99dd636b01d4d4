from django.urls import path

from . import views

app_name = "kolada"

urlpatterns = [
    path(
        "planering/<int:pk>/indikatorer/<int:item>/kolada/",
        views.comparison_save,
        name="comparison_save",
    ),
    path(
        "planering/<int:pk>/indikatorer/<int:item>/kolada/hamta/",
        views.comparison_fetch,
        name="comparison_fetch",
    ),
]
