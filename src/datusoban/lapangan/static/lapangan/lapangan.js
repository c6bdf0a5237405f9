// Datu Soban field app: the worker's own work downloaded once online, kept in IndexedDB
// encrypted at rest (AES-GCM, key from the user's PIN by PBKDF2; the key lives only in
// memory), visits and the other entries (case reports, P2K2 sessions, disaster victims and
// deliveries) recorded offline under a UUID the device makes, and sent one by one: an
// entry leaves the device only once the server has confirmed it.
"use strict";
// The site's one date style ("7 Des 2026"), with the time a download was made.
const DOWNLOAD_TIME = {day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit"};

(() => {
  const root = document.getElementById("lapangan");
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const URLS = root.dataset;
  const DB_NAME = "datusoban-lapangan";
  const ITERATIONS = 210000;
  const DAY = 24 * 60 * 60 * 1000;
  let key = null;       // the AES-GCM key: memory only
  let work = null;      // the decrypted download
  let current = null;   // the household being visited
  let csrf = URLS.csrf;
  const SCREENS = ["layar-pin", "layar-utama", "layar-kunjungan", "layar-kasus", "layar-p2k2", "layar-bencana"];
  // What each kind of entry is called in messages (a visit has no jenis).
  const KINDS = { kunjungan: "kunjungan", kasus: "laporan kasus", p2k2: "pertemuan P2K2",
                  korban: "korban bencana", penyaluran: "penyaluran logistik" };
  // Sent in this order: a delivery may name a victim recorded on the device, sent first.
  const ORDER = { korban: 1, penyaluran: 2 };

  // --- IndexedDB ----------------------------------------------------------------------
  function open() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore("kv");
        req.result.createObjectStore("antre");
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  async function tx(store, mode, fn) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const t = db.transaction(store, mode);
      const result = fn(t.objectStore(store));
      t.oncomplete = () => { db.close(); resolve(result && "result" in result ? result.result : undefined); };
      t.onerror = () => { db.close(); reject(t.error); };
    });
  }
  const get = (store, k) => tx(store, "readonly", (s) => s.get(k));
  const put = (store, k, v) => tx(store, "readwrite", (s) => s.put(v, k));
  const del = (store, k) => tx(store, "readwrite", (s) => s.delete(k));
  const keys = (store) => tx(store, "readonly", (s) => s.getAllKeys());
  const clear = (store) => tx(store, "readwrite", (s) => s.clear());

  // --- encryption ---------------------------------------------------------------------
  async function deriveKey(pin, salt) {
    const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveKey"]);
    return crypto.subtle.deriveKey(
      { name: "PBKDF2", salt, iterations: ITERATIONS, hash: "SHA-256" },
      material, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  }
  async function seal(value) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(JSON.stringify(value)));
    return { iv, data };
  }
  async function unseal(box) {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: box.iv }, key, box.data);
    return JSON.parse(new TextDecoder().decode(plain));
  }

  // --- state ---------------------------------------------------------------------------
  const say = (text) => { $("keadaan").textContent = text; };
  const show = (id) => {
    for (const s of SCREENS) $(s).hidden = s !== id;
  };

  async function wipeWork() {
    await del("kv", "unduhan");
    await del("kv", "korban");  // the victims recorded here go with the work
    work = null;
  }
  async function wipeAll() {
    await clear("kv");
    await clear("antre");
    key = null; work = null;
  }

  async function unlock(pin) {
    if (!/^\d{6,}$/.test(pin)) { say("PIN harus paling sedikit 6 angka."); return; }
    let salt = await get("kv", "garam");
    const fresh = !salt;
    if (fresh) {
      salt = crypto.getRandomValues(new Uint8Array(16));
      await put("kv", "garam", salt);
    }
    key = await deriveKey(pin, salt);
    if (fresh) {
      await put("kv", "cek", await seal("datusoban"));
    } else {
      try { await unseal(await get("kv", "cek")); } catch (e) { key = null; say("PIN salah."); return; }
    }
    const box = await get("kv", "unduhan");
    work = box ? await unseal(box) : null;
    await expireIfStale();
    $("pin").value = "";
    show("layar-utama");
    await drawList();
  }

  async function expireIfStale() {
    const last = await get("kv", "terakhir_daring");
    if (work && last && Date.now() - last > work.hari_luring * DAY) {
      await wipeWork();
      say("Data pekerjaan dihapus dari perangkat karena terlalu lama tidak tersambung. Unduh ulang saat ada sinyal.");
    }
  }

  // --- download ------------------------------------------------------------------------
  async function download() {
    say("Mengunduh pekerjaan…");
    let response;
    try {
      response = await fetch(URLS.unduh, { credentials: "same-origin", cache: "no-store" });
    } catch (e) { say("Tidak tersambung. Coba lagi saat ada sinyal."); return; }
    if (response.redirected || response.status === 401) { say("Sesi berakhir: masuk kembali, lalu unduh lagi."); return; }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) { say(body.pesan || "Unduhan gagal."); return; }
    work = body;
    await put("kv", "unduhan", await seal(work));
    await put("kv", "terakhir_daring", Date.now());
    say(`${work.keluarga.length} keluarga diunduh.`);
    await drawList();
  }

  // --- list and visit ------------------------------------------------------------------
  async function queued() { return keys("antre"); }

  // The worker's own open cases and their referrals, as downloaded: to read without signal.
  function drawMyCases() {
    const mine = (work && work.kasus_saya) || [];
    $("kasus-saya").hidden = !mine.length;
    $("jumlah-kasus-saya").textContent = mine.length;
    const list = $("daftar-kasus-saya");
    list.textContent = "";
    for (const c of mine) {
      const li = document.createElement("li");
      const title = document.createElement("strong");
      title.textContent = `Kasus ${c.id}: ${c.kategori}`;
      const meta = document.createElement("p");
      meta.className = "meta";
      const due = new Date(c.batas_waktu).toLocaleString("id-ID", DOWNLOAD_TIME);
      meta.textContent = `${c.nama || "—"} · ${c.desa} · ${c.status} · urgensi ${c.urgensi.toLowerCase()} · batas ${due}`;
      const text = document.createElement("p");
      text.textContent = c.uraian;
      li.append(title, meta, text);
      for (const r of c.rujukan) {
        const ref = document.createElement("p");
        ref.className = "meta";
        ref.textContent = `Rujukan ke ${r.penerima}: ${r.status}`;
        li.append(ref);
      }
      list.append(li);
    }
  }

  async function drawList() {
    const list = $("daftar-keluarga");
    list.textContent = "";
    $("jumlah-antre").textContent = (await queued()).length;
    await drawRefused();
    // The entries besides visits: shown to the workers whose download carries them.
    $("buka-kasus").hidden = !(work && work.kasus);
    $("buka-p2k2").hidden = !(work && work.p2k2 && work.p2k2.kelompok.length);
    $("buka-bencana").hidden = !(work && work.bencana && work.bencana.kejadian.length);
    drawMyCases();
    if (!work) { $("info-unduhan").textContent = "Belum ada pekerjaan di perangkat ini."; return; }
    $("info-unduhan").textContent = `${work.keluarga.length} keluarga, diunduh ${new Date(work.diunduh_pada).toLocaleString("id-ID", DOWNLOAD_TIME)}.`;
    const filter = $("cari-keluarga").value.trim().toLowerCase();
    for (const h of work.keluarga) {
      const head = (h.anggota[0] || {}).nama || "";
      if (filter && !(`${h.desa} ${head}`.toLowerCase().includes(filter))) continue;
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "keluarga";
      button.dataset.id = h.id;
      button.textContent = `${head || "Keluarga"} · ${h.desa} · ${h.anggota.length} anggota`;
      button.addEventListener("click", () => openVisit(h.id));
      li.append(button);
      list.append(li);
    }
  }

  function field(v, value) {
    const wrap = document.createElement("div");
    wrap.className = "isian";
    const id = `var-${v.field}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = v.label;
    let input;
    if (v.jenis === "pilihan" || v.jenis === "ya_tidak") {
      input = document.createElement("select");
      const options = v.jenis === "pilihan" ? [["", "—"], ...v.pilihan] : [["", "—"], ["ya", "Ya"], ["tidak", "Tidak"]];
      for (const [k, text] of options) input.add(new Option(text, k));
      input.value = v.jenis === "ya_tidak" ? (value === true ? "ya" : value === false ? "tidak" : "") : (value ?? "");
    } else {
      input = document.createElement("input");
      input.type = v.jenis === "angka" ? "number" : "text";
      if (v.jenis === "angka") input.inputMode = "numeric";
      input.value = value ?? "";
    }
    input.id = id;
    input.name = v.field;
    input.dataset.awal = input.value;
    input.addEventListener("change", () => wrap.classList.toggle("berubah", input.value !== input.dataset.awal));
    wrap.append(label, input);
    return wrap;
  }

  function readField(v, input) {
    if (input.value === "") return null;
    if (v.jenis === "ya_tidak") return input.value === "ya";
    if (v.jenis === "angka") return Number(input.value);
    return input.value;
  }

  function openVisit(id) {
    current = work.keluarga.find((h) => h.id === id);
    $("judul-kunjungan").textContent = `Kunjungan: ${(current.anggota[0] || {}).nama || "Keluarga"} · ${current.desa}`;
    const statuses = $("pilihan-status");
    statuses.textContent = "";
    for (const [k, text] of work.status) {
      const label = document.createElement("label");
      const radio = document.createElement("input");
      radio.type = "radio"; radio.name = "status"; radio.value = k; radio.required = true;
      label.append(radio, ` ${text}`);
      statuses.append(label);
    }
    const members = $("isian-anggota");
    members.textContent = "";
    for (const m of current.anggota) {
      const wrap = document.createElement("div");
      wrap.className = "isian";
      const label = document.createElement("label");
      label.htmlFor = `anggota-${m.id}`;
      label.textContent = `${m.nama} (${m.hubungan || "anggota"}, NIK ${m.nik || "—"})`;
      const select = document.createElement("select");
      select.id = `anggota-${m.id}`;
      select.dataset.id = m.id;
      for (const [k, text] of work.status) select.add(new Option(text, k));
      wrap.append(label, select);
      members.append(wrap);
    }
    const vars = $("isian-variabel");
    vars.textContent = "";
    for (const v of work.variabel) vars.append(field(v, current.nilai[v.field]));
    $("lokasi").textContent = "";
    delete $("lokasi").dataset.lintang;
    delete $("lokasi").dataset.bujur;
    $("foto").value = "";
    $("pratinjau-foto").hidden = true;
    $("pratinjau-foto").removeAttribute("src");
    show("layar-kunjungan");
  }

  async function saveVisit(household, status, sesudah, anggota = {}, extra = {}) {
    const entry = {
      kunci: crypto.randomUUID(), unduhan: work.unduhan, keluarga: household.id,
      waktu: new Date().toISOString(), status, sebelum: household.nilai, sesudah, anggota, ...extra,
    };
    await put("antre", entry.kunci, await seal({ entry }));
    return entry.kunci;
  }

  async function submitVisit(event) {
    event.preventDefault();
    const status = new FormData($("form-kunjungan")).get("status");
    if (!status) { say("Pilih hasil kunjungan."); return; }
    const sesudah = {};
    for (const v of work.variabel) sesudah[v.field] = readField(v, $(`var-${v.field}`));
    const anggota = {};
    for (const select of $("isian-anggota").querySelectorAll("select")) anggota[select.dataset.id] = select.value;
    const extra = {};
    if ($("lokasi").dataset.lintang) { extra.lintang = $("lokasi").dataset.lintang; extra.bujur = $("lokasi").dataset.bujur; }
    if ($("pratinjau-foto").src && !$("pratinjau-foto").hidden) extra.foto = $("pratinjau-foto").src;
    await saveVisit(current, status, sesudah, anggota, extra);
    say("Kunjungan disimpan di perangkat; kirim saat ada sinyal.");
    show("layar-utama");
    await drawList();
  }

  function locate() {
    if (!navigator.geolocation) { $("lokasi").textContent = "Perangkat tidak memberi lokasi."; return; }
    $("lokasi").textContent = "Mencari lokasi…";
    navigator.geolocation.getCurrentPosition((p) => {
      $("lokasi").dataset.lintang = p.coords.latitude.toFixed(6);
      $("lokasi").dataset.bujur = p.coords.longitude.toFixed(6);
      $("lokasi").textContent = `${p.coords.latitude.toFixed(5)}, ${p.coords.longitude.toFixed(5)}`;
    }, () => { $("lokasi").textContent = "Lokasi tidak didapat."; }, { enableHighAccuracy: true, timeout: 20000 });
  }

  // A photo made small on the device: at most 1024 px on its longer side, JPEG quality 0.7.
  async function resizePhoto(input = $("foto"), preview = $("pratinjau-foto")) {
    const file = input.files[0];
    if (!file) return;
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, 1024 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    preview.src = canvas.toDataURL("image/jpeg", 0.7);
    preview.hidden = false;
  }

  // --- entries besides visits -----------------------------------------------------------
  // One entry of a kind (kasus, p2k2, korban, penyaluran), queued like a visit.
  async function saveEntry(jenis, fields) {
    const entry = { kunci: crypto.randomUUID(), jenis, unduhan: work.unduhan, waktu: new Date().toISOString(), ...fields };
    await put("antre", entry.kunci, await seal({ entry }));
    if (jenis === "korban") {  // kept to give logistics to later, also after it is sent
      const mine = await localVictims();
      mine.push({ kunci: entry.kunci, bencana: entry.bencana, nama: entry.nama, desa: entry.desa });
      await put("kv", "korban", await seal(mine));
    }
    return entry.kunci;
  }
  async function localVictims() {
    const box = await get("kv", "korban");
    return box ? unseal(box) : [];
  }

  function fill(select, options, blank) {
    select.textContent = "";
    if (blank !== undefined) select.add(new Option(blank, ""));
    for (const [value, text] of options) select.add(new Option(text, value));
  }
  const today = () => { const d = new Date(); d.setMinutes(d.getMinutes() - d.getTimezoneOffset()); return d.toISOString().slice(0, 10); };
  const headOf = (h) => (h.anggota[0] || {}).nama || `Keluarga ${h.id}`;

  function openCase() {
    const c = work.kasus;
    fill($("kasus-kategori"), c.kategori, "— pilih —");
    fill($("kasus-urgensi"), c.urgensi);
    $("kasus-urgensi").value = "sedang";
    fill($("kasus-desa"), c.desa, "— pilih —");
    const people = work.keluarga.flatMap((h) => h.anggota.map((m) => [m.id, `${m.nama} · ${h.desa}`]));
    fill($("kasus-orang"), people, "— tidak dari daftar —");
    for (const id of ["kasus-nama", "kasus-alamat", "kasus-uraian", "kasus-foto"]) $(id).value = "";
    $("kasus-pratinjau").hidden = true;
    $("kasus-pratinjau").removeAttribute("src");
    show("layar-kasus");
  }

  async function submitCase(event) {
    event.preventDefault();
    const orang = $("kasus-orang").value;
    if (!orang && !$("kasus-nama").value.trim()) { say("Isi nama orang yang dilaporkan, atau pilih dari daftar."); return; }
    const fields = {
      kategori: Number($("kasus-kategori").value), urgensi: $("kasus-urgensi").value, desa: $("kasus-desa").value,
      orang: orang ? Number(orang) : null, nama_orang: $("kasus-nama").value.trim(),
      alamat: $("kasus-alamat").value.trim(), uraian: $("kasus-uraian").value.trim(),
    };
    if (!$("kasus-pratinjau").hidden && $("kasus-pratinjau").src) fields.foto = $("kasus-pratinjau").src;
    await saveEntry("kasus", fields);
    say("Laporan kasus disimpan di perangkat; kirim saat ada sinyal.");
    show("layar-utama");
    await drawList();
  }

  function drawGroup() {
    const group = work.p2k2.kelompok.find((g) => String(g.id) === $("p2k2-kelompok").value);
    const box = $("p2k2-hadir");
    box.textContent = "";
    for (const id of group ? group.keluarga : []) {
      const h = work.keluarga.find((k) => k.id === id);
      const label = document.createElement("label");
      const check = document.createElement("input");
      check.type = "checkbox"; check.value = id; check.name = "hadir";
      label.append(check, ` ${h ? headOf(h) : `Keluarga ${id}`}`);
      box.append(label);
    }
  }

  function openP2k2() {
    fill($("p2k2-kelompok"), work.p2k2.kelompok.map((g) => [g.id, `${g.nama} (${g.keluarga.length} keluarga)`]));
    fill($("p2k2-modul"), work.p2k2.modul);
    $("p2k2-tanggal").value = today();
    $("p2k2-tanggal").max = today();
    $("p2k2-topik").value = "";
    drawGroup();
    show("layar-p2k2");
  }

  async function submitP2k2(event) {
    event.preventDefault();
    const hadir = [...$("p2k2-hadir").querySelectorAll("input:checked")].map((c) => Number(c.value));
    await saveEntry("p2k2", {
      kelompok: Number($("p2k2-kelompok").value), tanggal: $("p2k2-tanggal").value,
      modul: $("p2k2-modul").value, topik: $("p2k2-topik").value.trim(), hadir,
    });
    say(`Pertemuan P2K2 disimpan di perangkat (${hadir.length} keluarga hadir); kirim saat ada sinyal.`);
    show("layar-utama");
    await drawList();
  }

  const currentEvent = () => work.bencana.kejadian.find((e) => String(e.id) === $("bencana-kejadian").value);

  async function drawEvent() {
    const e = currentEvent();
    if (!e) return;
    fill($("korban-desa"), e.desa, "— pilih —");
    fill($("penyaluran-barang"), e.barang.map(([k, label, unit, left]) => [k, `${label} (stok ${left} ${unit})`]));
    const mine = (await localVictims()).filter((v) => v.bencana === e.id);
    fill($("penyaluran-korban"), mine.map((v) => [v.kunci, v.nama]), mine.length ? "— pilih —" : "— catat korban dulu —");
  }

  async function openDisaster() {
    fill($("bencana-kejadian"), work.bencana.kejadian.map((e) => [e.id, `${e.nama} · ${e.jenis}`]));
    fill($("korban-kondisi"), work.bencana.kondisi);
    $("korban-kondisi").value = "mengungsi";
    $("korban-nama").value = ""; $("korban-nik").value = "";
    await drawEvent();
    show("layar-bencana");
  }

  async function submitVictim(event) {
    event.preventDefault();
    const nik = $("korban-nik").value.trim();
    if (nik && !/^\d{16}$/.test(nik)) { say("NIK korban harus 16 angka (kosongkan bila tidak tahu)."); return; }
    const nama = $("korban-nama").value.trim();
    await saveEntry("korban", { bencana: currentEvent().id, nama, nik, kondisi: $("korban-kondisi").value, desa: $("korban-desa").value });
    say(`Korban ${nama} disimpan di perangkat; kirim saat ada sinyal.`);
    $("korban-nama").value = ""; $("korban-nik").value = "";
    $("jumlah-antre").textContent = (await queued()).length;
    await drawEvent();
  }

  async function submitDelivery(event) {
    event.preventDefault();
    const victim = $("penyaluran-korban").value;
    if (!victim) { say("Pilih keluarga korban (catat korbannya dulu)."); return; }
    await saveEntry("penyaluran", {
      bencana: currentEvent().id, korban_kunci: victim, barang: $("penyaluran-barang").value,
      jumlah: Number($("penyaluran-jumlah").value),
    });
    say("Penyaluran disimpan di perangkat; kirim saat ada sinyal.");
    $("jumlah-antre").textContent = (await queued()).length;
  }

  // Entries the server refused, with its reason: they stay until corrected or removed.
  async function drawRefused() {
    const list = $("daftar-ditolak");
    list.textContent = "";
    if (!key) return;
    for (const kunci of await queued()) {
      const stored = await unseal(await get("antre", kunci));
      if (!stored.ditolak) continue;
      const li = document.createElement("li");
      li.textContent = `${KINDS[stored.entry.jenis || "kunjungan"]} ditolak: ${stored.ditolak}`;
      const drop = document.createElement("button");
      drop.type = "button"; drop.className = "secondary"; drop.textContent = "Hapus";
      drop.addEventListener("click", async () => { await del("antre", kunci); await drawList(); });
      li.append(" ", drop);
      list.append(li);
    }
  }

  // --- sending -------------------------------------------------------------------------
  async function freshToken() {
    const response = await fetch(URLS.app, { credentials: "same-origin", cache: "no-store" });
    if (response.redirected || !response.ok) return null;
    const html = await response.text();
    const found = html.match(/data-csrf="([^"]+)"/);
    return found ? found[1] : null;
  }

  async function send() {
    const keysWaiting = await queued();
    if (!keysWaiting.length) { say("Tidak ada kunjungan atau catatan lain yang menunggu dikirim."); return { terkirim: 0, ditolak: 0 }; }
    let token;
    try { token = await freshToken(); } catch (e) { say("Tidak tersambung. Kunjungan tetap tersimpan di perangkat."); return null; }
    if (!token) { say("Sesi berakhir: masuk kembali untuk mengirim. Kunjungan tetap tersimpan."); return null; }
    csrf = token;
    const pending = [];
    for (const kunci of keysWaiting) pending.push({ kunci, stored: await unseal(await get("antre", kunci)) });
    const rank = (p) => ORDER[p.stored.entry.jenis] || 0;
    pending.sort((a, b) => rank(a) - rank(b) || String(a.stored.entry.waktu).localeCompare(String(b.stored.entry.waktu)));
    let sent = 0, refused = 0;
    const done = {};
    for (const { kunci, stored } of pending) {
      const jenis = stored.entry.jenis || "kunjungan";
      let response;
      try {
        response = await fetch(stored.entry.jenis ? URLS.entri : URLS.kirim, {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
          body: JSON.stringify(stored.entry),
        });
      } catch (e) { say(`Sambungan terputus; ${sent} terkirim, sisanya tetap di perangkat.`); return { terkirim: sent, ditolak: refused }; }
      if (response.redirected) {  // the session ended mid-way: the login page, not an answer
        say(`Sesi berakhir: masuk kembali untuk mengirim sisanya. ${sent} terkirim.`);
        return { terkirim: sent, ditolak: refused };
      }
      if (response.status === 200 || response.status === 201) {
        const answer = await response.json().catch(() => ({}));
        if (answer.kunci !== kunci) { say("Jawaban server tidak dikenal; kunjungan tetap tersimpan."); return { terkirim: sent, ditolak: refused }; }
        await del("antre", kunci);  // only now: the server holds it
        sent += 1;
        done[jenis] = (done[jenis] || 0) + 1;
      } else if (response.status === 422 || response.status === 400) {
        const body = await response.json().catch(() => ({}));
        stored.ditolak = body.pesan || "Ditolak server.";
        await put("antre", kunci, await seal(stored));
        refused += 1;
      } else {
        const body = await response.json().catch(() => ({}));
        say(body.pesan || "Server menolak kiriman (sesi berakhir?). Catatan tetap tersimpan di perangkat.");
        return { terkirim: sent, ditolak: refused };
      }
    }
    await put("kv", "terakhir_daring", Date.now());
    const parts = Object.entries(done).map(([k, n]) => `${n} ${KINDS[k]}`);
    say(`${parts.length ? parts.join(", ") : "0 catatan"} terkirim${refused ? `, ${refused} ditolak (lihat alasannya di bawah)` : ""}.`);
    await drawList();
    return { terkirim: sent, ditolak: refused };
  }

  // --- start ---------------------------------------------------------------------------
  async function start() {
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(URLS.sw, { scope: URLS.app }).catch(() => {});
    }
    // Data of another login never stays: a new user on this device starts empty.
    const user = document.querySelector(".who-name");
    const owner = await get("kv", "pemilik");
    const name = user ? user.textContent.trim() : null;
    if (name && owner && owner !== name) await wipeAll();
    if (name) await put("kv", "pemilik", name);
    const fresh = !(await get("kv", "garam"));
    $("judul-pin").textContent = fresh ? "Buat PIN untuk perangkat ini" : "Masukkan PIN";
    $("tombol-pin").textContent = fresh ? "Simpan PIN" : "Buka";
    say(navigator.onLine ? "Tersambung." : "Tanpa sinyal: pekerjaan di perangkat tetap dapat dipakai.");
    show("layar-pin");
  }

  $("tombol-pin").addEventListener("click", () => unlock($("pin").value));
  $("pin").addEventListener("keydown", (e) => { if (e.key === "Enter") unlock($("pin").value); });
  $("tombol-unduh").addEventListener("click", download);
  $("tombol-kirim").addEventListener("click", send);
  $("tombol-batal").addEventListener("click", () => show("layar-utama"));
  $("tombol-lokasi").addEventListener("click", locate);
  $("foto").addEventListener("change", () => resizePhoto());
  $("kasus-foto").addEventListener("change", () => resizePhoto($("kasus-foto"), $("kasus-pratinjau")));
  $("buka-kasus").addEventListener("click", openCase);
  $("buka-p2k2").addEventListener("click", openP2k2);
  $("buka-bencana").addEventListener("click", openDisaster);
  $("form-kasus").addEventListener("submit", submitCase);
  $("form-p2k2").addEventListener("submit", submitP2k2);
  $("p2k2-kelompok").addEventListener("change", drawGroup);
  $("bencana-kejadian").addEventListener("change", drawEvent);
  $("form-korban").addEventListener("submit", submitVictim);
  $("form-penyaluran").addEventListener("submit", submitDelivery);
  for (const back of root.querySelectorAll(".kembali")) back.addEventListener("click", async () => { show("layar-utama"); await drawList(); });
  $("form-kunjungan").addEventListener("submit", submitVisit);
  $("cari-keluarga").addEventListener("input", drawList);
  $("tombol-hapus").addEventListener("click", async () => { await wipeAll(); say("Data di perangkat ini dihapus."); start(); });
  // Logging out wipes the device's copy first (the form then goes on as usual).
  for (const form of document.querySelectorAll("form[action$='/keluar/']")) {
    form.addEventListener("submit", async (event) => {
      if (form.dataset.dihapus) return;
      event.preventDefault();
      const waiting = (await queued()).length;
      if (waiting && !window.confirm(`${waiting} catatan belum terkirim dan akan ikut terhapus. Tetap keluar?`)) return;
      await wipeAll().catch(() => {});
      form.dataset.dihapus = "1";
      form.submit();
    });
  }

  // For scripted checks (the browser test) and for the form: the same functions.
  window.lapangan = {
    unlock, download, send, saveVisit, saveEntry, localVictims, queued, drawList,
    work: () => work, ready: start(),
  };
})();
