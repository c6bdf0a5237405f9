"""Routes of the targeting pages: eligibility explanations of a person or family, and the
sasaran pages under /sasaran/ (names in the ``web`` namespace)."""

from django.urls import path

from datusoban.web import eligibility_views as explanation

urlpatterns = [
    path(
        "orang/<int:pk>/kelayakan/<str:program>/",
        explanation.person_explanation,
        name="orang_kelayakan",
    ),
    path(
        "keluarga/<int:pk>/kelayakan/<str:program>/",
        explanation.family_explanation,
        name="keluarga_kelayakan",
    ),
]
