"""The "tugaskan" form shared by the case, grievance and review pair pages.

The list offers the users the feature's ``assignment.candidates`` names; what is posted
is a user id, which the feature's ``assignment.assign`` checks again (a refusal comes back
as the page's message, never a form error in another language).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms

from datusoban.accounts.assignees import label

NO_ONE = "— belum ditugaskan —"


class AssignForm(forms.Form):
    ditugaskan_ke = forms.IntegerField(
        label="Tugaskan kepada",
        required=False,
        min_value=1,
        error_messages={"invalid": "pilih pengguna dari daftar.", "min_value": "pilih pengguna "
                        "dari daftar."},
    )  # fmt: skip

    def __init__(self, *args, users: Iterable = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", NO_ONE), *((u.pk, label(u)) for u in users)]
        self.fields["ditugaskan_ke"].widget = forms.Select(choices=choices)


def assign_form(users: Iterable, current) -> AssignForm:
    """The form for a page, with the current assignee chosen."""
    return AssignForm(users=users, initial={"ditugaskan_ke": current.pk if current else None})


def assignee_name(user) -> str:
    """How an assignee is named in a message: their name, else their user name."""
    return user.get_full_name() or user.get_username()


def audit_detail(before: str, after) -> dict:
    """The audit row's ``rincian`` of an assignment: user names before and after."""
    return {"penugasan": {"sebelum": before, "sesudah": after.get_username() if after else ""}}
