"""Allocation of a programme's budget by need, on a page: a form, the preview computed on
request, and for roles that may change data "simpan dan usulkan": a background job
(``pekerjaan``) computes the same allocation again, stores it and proposes its new units
as enrolments in one transaction, however many they are; the stored runs.

The same services as the allocation command and the API: a kab/kota user allocates
over the units of their kab/kota only and sees the stored runs of the province
and their kab/kota, each with the rows in scope; the first unit left out is shown
only when it is within scope, its reading recorded. A preview reads the whole
registry's facts and may take seconds at full scale.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from datusoban.accounts.scope import PROVINCE, Scope
from datusoban.pekerjaan.kinds import allocation_kwargs
from datusoban.pekerjaan.views import begin
from datusoban.sasaran.allocation import POLICIES, AllocationError
from datusoban.sasaran.allocation_services import compute_allocation, policy, summary
from datusoban.sasaran.disclosed import next_unit
from datusoban.sasaran.eligibility_services import programme_rules
from datusoban.sasaran.management.commands.allocate import rupiah_amount
from datusoban.sasaran.models import AlokasiAnggaran
from datusoban.sasaran.views.pages import in_scope, kabkota_names
from datusoban.web.labels import programme_name
from datusoban.web.permissions import scope_or_404, viewer_required

# The enrolled-recipients policies in words (sasaran/allocation.py).
PESERTA = {
    "lanjut": "penerima terdaftar didanai lebih dulu, lalu penerima baru",
    "kecualikan": "anggaran hanya untuk penerima baru",
    "bersaing": "semua diurutkan menurut kebutuhan saja",
}
QUOTA_LIMIT = 64 * 1024  # a quota file lists 13 kab/kota: anything larger is not one


def _rupiah(text: str) -> int:
    try:
        value = rupiah_amount(text)
    except ValueError:
        raise forms.ValidationError(f"Bukan jumlah rupiah: {text[:40]!r}.") from None
    if value > 10**15:
        raise forms.ValidationError("Jumlah terlalu besar.")
    return value


class AllocationForm(forms.Form):
    program = forms.ChoiceField(label="Program")
    anggaran = forms.CharField(
        label="Anggaran (rupiah)", required=False, max_length=40,
        help_text="mis. 15.000.000.000, Rp15 miliar, 1,5m atau 500jt",
    )  # fmt: skip
    jumlah = forms.IntegerField(
        label="atau jumlah penerima", required=False, min_value=0, max_value=10_000_000
    )
    kuota = forms.FileField(
        label="Kuota per kab/kota (tidak wajib)", required=False,
        help_text="lembar CSV: kolom kode_kabkota dan salah satu kolom porsi (bagian anggaran, "
        "mis. 0,2), rupiah atau jumlah penerima; kosongkan bila anggaran dibagi menurut "
        "kebutuhan saja",
    )  # fmt: skip
    kuota_teks = forms.CharField(widget=forms.HiddenInput, required=False, max_length=QUOTA_LIMIT)
    kuota_nama = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    banding = forms.CharField(
        label="Anggaran pembanding", required=False, max_length=400,
        help_text="dipisah titik koma, mis. 10 miliar; 20 miliar",
    )  # fmt: skip
    peserta = forms.ChoiceField(label="Penerima yang sudah terdaftar", required=False)
    tanggal = forms.DateField(label="Tanggal acuan", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [(c, programme_name(c)) for c in sorted(programme_rules())]
        self.fields["peserta"].choices = [
            ("", f"menurut kebijakan ({PESERTA.get(policy()['peserta'], policy()['peserta'])})")
        ] + [(p, PESERTA.get(p, p)) for p in POLICIES]

    def clean_anggaran(self) -> int | None:
        text = self.cleaned_data["anggaran"].strip()
        return _rupiah(text) if text else None

    def clean_banding(self) -> list[int]:
        parts = [p.strip() for p in self.cleaned_data["banding"].split(";") if p.strip()]
        if len(parts) > 10:
            raise forms.ValidationError("Paling banyak 10 anggaran pembanding.")
        return [_rupiah(p) for p in parts]

    def clean(self):
        data = super().clean()
        upload = data.get("kuota")
        if upload is not None:
            if upload.size > QUOTA_LIMIT:
                raise forms.ValidationError("Berkas kuota terlalu besar.")
            try:
                data["kuota_teks"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError("Berkas kuota bukan teks UTF-8.") from None
            data["kuota_nama"] = upload.name[:200]
        return data


def _params(form: AllocationForm, scope: Scope) -> dict:
    """The form as the allocation job keeps it (JSON): a kab/kota user's over their own."""
    data = form.cleaned_data
    return {
        "program": data["program"],
        "anggaran": data.get("anggaran"),
        "jumlah": data.get("jumlah"),
        "kuota_teks": data.get("kuota_teks") or "",
        "kuota_nama": data.get("kuota_nama") or "",
        "banding": data.get("banding") or [],
        "peserta": data.get("peserta") or "",
        "tanggal": (data.get("tanggal") or date.today()).isoformat(),
        "kabkota": None if scope.wilayah == PROVINCE else scope.wilayah[:5],
    }


def may_allocate(scope: Scope) -> bool:
    """Storing a run and proposing enrolments: roles that may write, province or kab/kota."""
    return scope.role.tulis and scope.wilayah.count(".") <= 1


def runs_in_scope(scope: Scope):
    """The stored runs a user sees: the province's and their own kab/kota's."""
    runs = AlokasiAnggaran.objects.order_by("-dihitung_pada", "-pk")
    if scope.wilayah != PROVINCE:
        runs = runs.filter(wilayah__in=[PROVINCE, scope.wilayah[:5]])
    return runs


def _with_names(rows: dict) -> list[dict]:
    names = kabkota_names()
    return [{"kode": k, "nama": names.get(k, k or "(tanpa wilayah)"), **v} for k, v in rows.items()]


@viewer_required
@require_http_methods(["GET", "POST"])
def allocation_page(request: HttpRequest) -> HttpResponse:
    """The form; on POST the preview (nothing stored) or, with ``simpan``, the stored run."""
    scope = scope_or_404(request)
    form = AllocationForm(request.POST or None, request.FILES or None)
    out, saving = None, "simpan" in request.POST
    if saving and not may_allocate(scope):
        return HttpResponse(
            "Alokasi disimpan oleh peran yang boleh mengubah data, di tingkat provinsi atau "
            "kab/kota.", status=403,
        )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        params = _params(form, scope)
        try:
            options = allocation_kwargs(params)  # a quota file that cannot be read: refused now
            result = None if saving else compute_allocation(params["program"], **options)
        except AllocationError as error:
            form.add_error(None, error.pesan)
        else:
            if result is None:
                # Stored and proposed by the job, which computes it again on the registry
                # as it is then, however long that takes.
                return begin(request, "alokasi", params)
            out = summary(result)
            out["berikutnya"] = next_unit(request, out["berikutnya"], result.rules.sasaran)
            out["per_kabkota"] = _with_names(in_scope(out["per_kabkota"], scope))
            # The quota file is read once: the save button sends its text back.
            form.data = form.data.copy()
            form.data["kuota_teks"] = form.cleaned_data.get("kuota_teks", "")
            form.data["kuota_nama"] = form.cleaned_data.get("kuota_nama", "")
    context = {
        "scope": scope, "form": form, "out": out, "may_allocate": may_allocate(scope),
        "runs": runs_in_scope(scope)[:20],
    }  # fmt: skip
    return render(request, "sasaran/alokasi.html", context)


@viewer_required
def allocation_run(request: HttpRequest, pk: int) -> HttpResponse:
    """One stored allocation run, with the rows of the kab/kota in scope."""
    scope = scope_or_404(request)
    run = runs_in_scope(scope).filter(pk=pk).first()
    if run is None:
        return render(request, "sasaran/alokasi_rinci.html", {"run": None}, status=404)
    shown = {
        f: getattr(run, f)
        for f in ("wilayah", "satuan", "anggaran", "versi_aturan", "tanggal_acuan", "sasaran",
                  "layak", "sudah_terdaftar", "dipilih", "dipilih_lanjut", "dipilih_baru",
                  "tersisih", "orang", "biaya", "manfaat_per_tahun", "sisa", "tambahan",
                  "banding")
    }  # fmt: skip
    shown["program"] = run.program_id
    shown["berikutnya"] = next_unit(request, run.berikutnya, run.sasaran)
    context = {"run": run, "o": shown, "per_kabkota": _with_names(in_scope(run.per_kabkota, scope))}
    return render(request, "sasaran/alokasi_rinci.html", context)
