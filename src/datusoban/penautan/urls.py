"""Routes of the review queue and linkage decisions, under /penautan/ (names in the ``web``
namespace)."""

from django.urls import path

from datusoban.penautan.views import decision, review

urlpatterns = [
    path("penautan/", review.queue, name="penautan"),
    path("penautan/pasangan/<int:pk>/", review.pair_page, name="pasangan"),
    path("penautan/pasangan/<int:pk>/terima/", review.accept, name="terima"),
    path("penautan/pasangan/<int:pk>/tolak/", review.reject, name="tolak"),
    path("penautan/pasangan/<int:pk>/tugaskan/", review.assign, name="pasangan_tugaskan"),
    path("penautan/gabung/", decision.merge, name="gabung"),
    path("penautan/pisah/", decision.split, name="pisah"),
    path("penautan/keputusan/", decision.decision_log, name="keputusan"),
    path("penautan/keputusan/<int:pk>/batal/", decision.undo_decision, name="batal"),
]
