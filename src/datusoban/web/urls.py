from django.urls import path

from datusoban.web import views

app_name = "web"
urlpatterns = [
    path("", views.beranda, name="beranda"),
]
