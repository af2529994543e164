// bnbook: the sidebar toggles work at every width.
// pydata-sphinx-theme 0.17 and sphinx-book-theme 1.3 bind their click handlers to the FIRST
// .primary-toggle / .secondary-toggle only (the header button, hidden by sphinx-book-theme); the
// visible button in the article header did nothing (pydata/pydata-sphinx-theme#2451). Every other
// toggle forwards its click to the first one, which opens the drawer on a phone and collapses the
// sidebar on a desktop.
(function () {
  function forward(selector) {
    var all = document.querySelectorAll(selector);
    if (all.length < 2) return;
    var first = all[0];
    Array.prototype.slice.call(all, 1).forEach(function (button) {
      if (button.dataset.bnbookForwarded) return;
      button.dataset.bnbookForwarded = "1";
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        first.click();
      });
    });
  }
  function bind() {
    forward(".primary-toggle");
    forward(".secondary-toggle");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bind);
  else bind();
})();
