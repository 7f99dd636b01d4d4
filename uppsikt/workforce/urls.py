from django.urls import path

from . import views

app_name = "workforce"

urlpatterns = [
    path("personalnyckeltal/", views.index, name="index"),
    path("personalnyckeltal/inlasning/", views.upload, name="import"),
    path("personalnyckeltal/berakna/", views.recompute, name="recompute"),
    path("personalnyckeltal/enheter/<str:code>/", views.unit_detail, name="unit"),
]
