// A destructive button (class "danger") asks before it sends: its data-konfirmasi text, or
// its form's. No inline script (the CSP forbids it); without script, the pages that change
// something irreversible already ask on a page of their own or a required reason.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var text = (button && button.getAttribute("data-konfirmasi")) || event.target.getAttribute("data-konfirmasi");
  if (text && !window.confirm(text)) {
    event.preventDefault();
  }
});
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-konfirmasi]");
  if (link && !window.confirm(link.getAttribute("data-konfirmasi"))) {
    event.preventDefault();
  }
});
