from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("planering/", views.plans, name="plans"),
    path("planering/<int:pk>/", views.plan_detail, name="plan"),
    path("planering/<int:pk>/for-vidare/", views.plan_copy_forward, name="copy_forward"),
]
