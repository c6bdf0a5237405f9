"""What each kind of route owes each viewer: the statuses it may answer with.

A rule takes the viewer (role and region; never anonymous: that is the matrix's own
check) and the probe (whose data it reaches) and returns the statuses allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from datusoban.kasus import policy as case_policy

from .matrix_checks import Viewer, may_see, sentinel
from .matrix_world import PROVINSI

Statuses = frozenset[int]
# A change that its own rules may accept (a redirect, or the form again) or refuse as
# invalid input: what the matrix asks of it is that it is not reached out of scope.
CHANGE = frozenset({200, 201, 204, 302, 303, 400, 409, 422, 399})
REFUSED = frozenset({403, 404})
# A page's way of refusing a change: back where the user came from, with an error message.
# The matrix reports such a redirect as this status, so that a rule can tell it from a
# redirect after a change that was made.
MESSAGE_REFUSAL = 399


@dataclass(frozen=True)
class Probe:
    url: str
    method: str = "GET"
    data: dict = field(default_factory=dict)
    subject: str | None = None  # the Sentinel whose data the probe reaches
    json: bool = False  # data sent as a JSON body
    label: str = ""
    # Sentinels the answer must show to a viewer who may see them: the scope must not
    # hide what it should show. A record's own subject is expected without saying.
    shows: tuple[str, ...] = ()
    follow: bool = False  # follow the redirect (a posted search goes to its own address)

    def name(self) -> str:
        return self.label or f"{self.method} {self.url}"


Rule = Callable[[Viewer, Probe], Statuses]


def sees(viewer: Viewer, probe: Probe) -> bool:
    return probe.subject is None or may_see(viewer, sentinel(probe.subject))


def inside(viewer: Viewer, probe: Probe) -> bool:
    """The probe's subject lies in the viewer's region (children not considered)."""
    if probe.subject is None:
        return True
    return viewer.wilayah == PROVINSI or sentinel(probe.subject).kabkota == viewer.wilayah


def _status(value: int | frozenset[int]) -> Statuses:
    return value if isinstance(value, frozenset) else frozenset({value})


def listing(viewer: Viewer, probe: Probe) -> Statuses:
    """Shows what it may, to every user with an account."""
    return _status(200)


def record(viewer: Viewer, probe: Probe) -> Statuses:
    """A person, a family or a thing about them: out of scope it does not exist."""
    return _status(200 if sees(viewer, probe) else 404)


def region(viewer: Viewer, probe: Probe) -> Statuses:
    """Something of a region (an aggregate, an event, a grievance): by the region alone."""
    return _status(200 if inside(viewer, probe) else 404)


def writers(viewer: Viewer, probe: Probe) -> Statuses:
    """A form to add something: roles that may change data."""
    return _status(200 if viewer.role.tulis else 403)


def form(viewer: Viewer, probe: Probe) -> Statuses:
    """A change form of something in a region: out of reach it does not exist."""
    if not sees(viewer, probe):
        return REFUSED if not viewer.role.tulis else _status(404)
    return _status(200 if viewer.role.tulis else 403)


def _staff_elsewhere(viewer: Viewer, probe: Probe) -> bool:
    # UPTD/LKS staff reach only the institutions they work for: the world's staff work
    # for the Banjarmasin LKS (and the UPTD), not for the Banjarbaru one.
    return viewer.role.kode == "staf_layanan" and probe.subject in ("other", "other_worker")


def institution(viewer: Viewer, probe: Probe) -> Statuses:
    """An institution's page (and its people): as ``record``, and staff their own only."""
    return _status(404) if _staff_elsewhere(viewer, probe) else record(viewer, probe)


def institution_form(viewer: Viewer, probe: Probe) -> Statuses:
    """A change form of an institution or its clients: as ``form``, staff their own only."""
    return _status(404) if _staff_elsewhere(viewer, probe) else form(viewer, probe)


def change(viewer: Viewer, probe: Probe) -> Statuses:
    """A change by a role that may change data, of something in reach."""
    if not sees(viewer, probe):
        return REFUSED
    return CHANGE if viewer.role.tulis else _status(403)


def guarded(viewer: Viewer, probe: Probe) -> Statuses:
    """A step whose roles are the feature's own policy (cases, disasters, grievances):
    out of reach refused; in reach accepted, or refused for the role."""
    if not sees(viewer, probe):
        return REFUSED
    return CHANGE | {403}


def importers(viewer: Viewer, probe: Probe) -> Statuses:
    """An import (or its withdrawal) under a source: roles that may change data, whose
    region covers the source's kab/kota; a batch out of the region does not exist."""
    if not inside(viewer, probe):
        return REFUSED
    return CHANGE if viewer.role.tulis else _status(403)


def correctors(viewer: Viewer, probe: Probe) -> Statuses:
    """A batch's quarantined rows corrected on screen: as ``importers`` (a batch out of the
    region does not exist; roles that may not change data are refused); a page (GET) is
    shown, a step (POST) is a change."""
    if not inside(viewer, probe):
        return REFUSED
    if not viewer.role.tulis:
        return _status(403)
    return _status(200) if probe.method == "GET" else CHANGE


def job_start(viewer: Viewer, probe: Probe) -> Statuses:
    """Starting a background job: linking a batch as ``importers`` (the batch's region);
    a province-wide job (no subject) by province roles that may change data."""
    if probe.subject is not None:
        return importers(viewer, probe)
    return CHANGE if viewer.role.tulis and viewer.wilayah == PROVINSI else _status(403)


def batch_export(viewer: Viewer, probe: Probe) -> Statuses:
    """The quarantined rows of a batch: a batch out of the region does not exist; roles
    with ``ekspor`` get the purpose form (GET) or the file (POST)."""
    if not inside(viewer, probe):
        return _status(404)
    return _status(200 if viewer.role.ekspor else 403)


def export(viewer: Viewer, probe: Probe) -> Statuses:
    """An export of personal data: roles with ``ekspor``; what it holds is scoped."""
    return _status(200 if viewer.role.ekspor else 403)


def printed(reach: Rule) -> Rule:
    """A printed document that names people (a certificate, a referral letter, a list,
    a family's summary): an export of personal data. Where ``reach`` would not show the
    thing it prints, it does not exist (404); else roles with ``ekspor`` get the purpose
    form (GET) or the document (POST), and the others 403."""

    def rule(viewer: Viewer, probe: Probe) -> Statuses:
        if reach(viewer, probe) != {200}:
            return _status(404)
        return _status(200 if viewer.role.ekspor else 403)

    rule.__doc__ = f"{printed.__doc__} Reach: {reach.__name__}."
    return rule


def subject_report(viewer: Viewer, probe: Probe) -> Statuses:
    """The data subject's report: province roles that may read the audit trail."""
    return _status(200 if viewer.role.audit and viewer.wilayah == PROVINSI else 403)


def review(viewer: Viewer, probe: Probe) -> Statuses:
    """The linkage review queue, its pairs, decisions and golden records: roles whose
    permissions (``izin`` in roles.toml) include reading it (403 first), then the scope."""
    if "linkage.view_reviewpair" not in viewer.role.izin:
        return _status(403)
    return record(viewer, probe)


def admin_login(viewer: Viewer, probe: Probe) -> Statuses:
    """The admin site's login: a user already logged in is not a superuser here, and is
    refused rather than sent round to log in again."""
    return _status(403)


def decide(viewer: Viewer, probe: Probe) -> Statuses:
    """A linkage decision: roles that may change data (403 first), then the scope."""
    if not viewer.role.tulis:
        return _status(403)
    return CHANGE if sees(viewer, probe) else _status(404)


def undo(viewer: Viewer, probe: Probe) -> Statuses:
    """Undoing a linkage decision: province-wide roles that may change data."""
    return CHANGE if viewer.role.tulis and viewer.wilayah == PROVINSI else _status(403)


def case_report(viewer: Viewer, probe: Probe) -> Statuses:
    """A case report filed by someone else: its region, except for roles that see only
    the reports they filed themselves."""
    own_only = viewer.role.kode in case_policy.roles_for("hanya_milik_sendiri")
    return _status(200 if sees(viewer, probe) and not own_only else 404)


def case_step(viewer: Viewer, probe: Probe) -> Statuses:
    """A step on a case report: refused where the report cannot be seen (``case_report``),
    else as the case policy says for the role."""
    if case_report(viewer, probe) != {200}:
        return REFUSED
    return CHANGE | {403}


def create(viewer: Viewer, probe: Probe) -> Statuses:
    """Something new, placed by its input in a region: a region out of scope is refused
    as bad input (400), forbidden (403) or with the page's message."""
    if not inside(viewer, probe):
        return frozenset({400, 403, MESSAGE_REFUSAL})
    return CHANGE | {403}


def reporters(viewer: Viewer, probe: Probe) -> Statuses:
    """The form to file a case report: the roles that report."""
    return _status(200 if viewer.role.kode in case_policy.roles_for("melapor") else 403)


def public(viewer: Viewer, probe: Probe) -> Statuses:
    """No personal data, open to anyone (anonymous too)."""
    return _status(200)


def gone(viewer: Viewer, probe: Probe) -> Statuses:
    """A former address that took an identifier: answers where to go now, reads nothing."""
    return _status(410)


def identifier_in_address(viewer: Viewer, probe: Probe) -> Statuses:
    """An identifier sent in an address: refused as bad input, nothing read."""
    return _status(400)


def absent(viewer: Viewer, probe: Probe) -> Statuses:
    """A pattern that names a place, not a page (the API's root): not found, for anyone."""
    return _status(404)


def login(viewer: Viewer, probe: Probe) -> Statuses:
    """The login page: open to anyone; a user already logged in is sent on."""
    return _status(302)


def redirect(viewer: Viewer, probe: Probe) -> Statuses:
    return _status(302)


MANAGE_USERS = "accounts.change_account"


def user_admins(viewer: Viewer, probe: Probe) -> Statuses:
    """The user list and the new-user form: roles whose permissions (``izin``) include
    managing users."""
    return _status(200 if MANAGE_USERS in viewer.role.izin else 403)


def managed_user(viewer: Viewer, probe: Probe) -> Statuses:
    """A user's page, or a change of them: roles that manage users (403 first), then the
    user's region against the administrator's: another kab/kota's user does not exist."""
    if MANAGE_USERS not in viewer.role.izin:
        return _status(403)
    if not inside(viewer, probe):
        return _status(404)
    return CHANGE if probe.method == "POST" else _status(200)


def user_create(viewer: Viewer, probe: Probe) -> Statuses:
    """A new user, placed by its input in a region: roles that manage users (403 first); a
    region outside the administrator's is refused on the form (400)."""
    if MANAGE_USERS not in viewer.role.izin:
        return _status(403)
    return CHANGE if inside(viewer, probe) else _status(400)


def births(viewer: Viewer, probe: Probe) -> Statuses:
    """A birth proposal: a child's record, for roles with ``data_anak``, where its family
    is (one without a family province-wide)."""
    return _status(200 if viewer.role.data_anak and sees(viewer, probe) else 404)


def notifiers(viewer: Viewer, probe: Probe) -> Statuses:
    """Where the civil registry posts its events: a token of a province-wide role that may
    change data; any other token is forbidden."""
    return _status(200 if viewer.role.tulis and viewer.wilayah == PROVINSI else 403)


PROPOSALS_READ = "usulan.view_usulan"
PROPOSE = "usulan.add_usulan"
PROPOSALS_VERIFY = "usulan.verifikasi_usulan"
PROPOSALS_SEND = "usulan.kirim_usulan"


def proposals(viewer: Viewer, probe: Probe) -> Statuses:
    """Proposals to the national registry, their deliberations and batches: roles whose
    permissions (``izin``) include reading them (403 first), then the region."""
    if PROPOSALS_READ not in viewer.role.izin:
        return _status(403)
    return region(viewer, probe)


def proposer(viewer: Viewer, probe: Probe) -> Statuses:
    """The new-proposal and musyawarah forms: roles that propose (403 first); a person or
    family out of reach does not exist; a proposal placed out of the region is refused."""
    if PROPOSE not in viewer.role.izin:
        return _status(403)
    if probe.method == "POST":
        return CHANGE if inside(viewer, probe) else frozenset({400, 403, MESSAGE_REFUSAL})
    return _status(200 if sees(viewer, probe) else 404)


def proposal_step(viewer: Viewer, probe: Probe) -> Statuses:
    """Verifying, refusing or finishing a proposal: out of reach refused (404, or 403 for a
    role that may not read proposals), then roles that verify."""
    if PROPOSALS_READ not in viewer.role.izin or not inside(viewer, probe):
        return REFUSED
    return CHANGE if PROPOSALS_VERIFY in viewer.role.izin else _status(403)


def proposals_sender(viewer: Viewer, probe: Probe) -> Statuses:
    """Sending to SIKS-NG and recording the national answer: roles that send, export and
    see identifiers in full."""
    sends = PROPOSALS_SEND in viewer.role.izin and viewer.role.ekspor and viewer.role.nik_penuh
    if not sends:
        return _status(403)
    return CHANGE if probe.method == "POST" else _status(200)


def proposals_file(viewer: Viewer, probe: Probe) -> Statuses:
    """A batch's file for SIKS-NG: readers of proposals (403 first), the batch's region (404),
    then roles that send (the purpose form, then the file)."""
    if PROPOSALS_READ not in viewer.role.izin:
        return _status(403)
    if not inside(viewer, probe):
        return _status(404)
    return proposals_sender(viewer, probe)


def field_work(viewer: Viewer, probe: Probe) -> Statuses:
    """A field worker's own work (lapangan), and the entries they send besides visits: only
    a login tied to an active pendamping PKH, TKSK, PSM or Tagana has any; the world's
    viewers are none of them."""
    return _status(403)


def field_sending(viewer: Viewer, probe: Probe) -> Statuses:
    """A visit sent from the field app: accepted only under the sender's own download; the
    world's viewers have none, so it is refused as invalid, nothing read or stored."""
    return _status(422)
