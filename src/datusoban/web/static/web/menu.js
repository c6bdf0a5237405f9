// The main menu works without this file (<details> groups, a checkbox on a phone); it only
// tidies up: opening one group closes the others, a click elsewhere or Escape closes them.
(function () {
  function groups() { return document.querySelectorAll(".menu .group details"); }
  function closeAll(except) {
    groups().forEach(function (d) { if (d !== except) { d.open = false; } });
  }
  document.addEventListener("toggle", function (event) {
    var target = event.target;
    if (target.matches && target.matches(".menu .group details") && target.open) { closeAll(target); }
  }, true);
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest(".menu .group")) { closeAll(null); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeAll(null); }
  });
})();
