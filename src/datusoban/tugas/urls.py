"""Routes of the inbox, under /tugas/ (names in the ``web`` namespace)."""

from django.urls import path

from datusoban.tugas import views

urlpatterns = [
    path("tugas/", views.inbox_page, name="tugas"),
]
