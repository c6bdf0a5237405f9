"""Routes of the data subject's report, under /subjek/ (names in the ``web`` namespace)."""

from django.urls import path

from datusoban.subjek import views

urlpatterns = [
    path("subjek/", views.subject_page, name="subjek"),
    path("subjek/unduh.xlsx", views.subject_xlsx, name="subjek_xlsx"),
]
