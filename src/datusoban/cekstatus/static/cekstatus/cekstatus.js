// A choice of region reloads the page with the next step at once; without a script the
// "Lanjut" button does the same.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("cek-wilayah");
  if (!form) return;
  form.querySelectorAll("select").forEach((select) => {
    select.addEventListener("change", () => {
      // A region changed: the steps below it no longer belong to it.
      let below = false;
      form.querySelectorAll("select").forEach((other) => {
        if (below) other.disabled = true;
        if (other === select) below = true;
      });
      form.submit();
    });
  });
});
