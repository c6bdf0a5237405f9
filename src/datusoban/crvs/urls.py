"""Routes of the civil registry's proposals, under /crvs/ (names in the ``web``
namespace), and the address the civil registry posts its notifications to."""

from django.urls import path

from datusoban.crvs import views

urlpatterns = [
    path("crvs/", views.review_list, name="crvs"),
    path("crvs/otomatis/", views.switch, name="crvs_otomatis"),
    path("crvs/<str:jenis>/<int:pk>/", views.proposal_page, name="crvs_usulan"),
    path("crvs/<str:jenis>/<int:pk>/terapkan/", views.proposal_apply, name="crvs_terapkan"),
    path("crvs/<str:jenis>/<int:pk>/tolak/", views.proposal_refuse, name="crvs_tolak"),
    # The DCI CRVS API's /registry/notify, with /crvs/ as this side's base address.
    path("crvs/registry/notify", views.notify_view, name="crvs_notify"),
]
