from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("planering/", views.plans, name="plans"),
    path("planering/ny/", views.plan_create, name="plan_create"),
    path("planering/<int:pk>/", views.plan_detail, name="plan"),
    path("planering/<int:pk>/for-vidare/", views.plan_copy_forward, name="copy_forward"),
    path("planering/<int:pk>/status/", views.plan_status, name="plan_status"),
    path("planering/<int:pk>/mal/", views.goal_add, name="goal_add"),
    path("planering/<int:pk>/uppdrag/", views.assignment_add, name="assignment_add"),
    path("planering/<int:pk>/aktiviteter/", views.activity_add, name="activity_add"),
    path("planering/<int:pk>/indikatorer/", views.indicator_add, name="indicator_add"),
]
