// Review pages: a refusal (400, 403, 404, 409) comes as a fragment in Bahasa Indonesia.
// HTMX drops error responses by default; put the message where the result would go.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  if (status === 400 || status === 403 || status === 404 || status === 409) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
