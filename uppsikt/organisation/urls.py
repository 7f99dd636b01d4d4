from django.urls import path

from . import views

app_name = "organisation"

urlpatterns = [
    path("organ/", views.body_list, name="bodies"),
    path("organ/<str:code>/", views.body_detail, name="body"),
    path("enheter/", views.unit_list, name="units"),
    path("enheter/<str:code>/", views.unit_detail, name="unit"),
    path("personer/<int:pk>/", views.person_detail, name="person"),
    path("sok/", views.search, name="search"),
]
