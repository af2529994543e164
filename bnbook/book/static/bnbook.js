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

// bnbook: an inline formula wider than its paragraph (MathJax 3 does not break lines) gets the
// class bnbook-wide-inline (bnbook.css): it scrolls in its own box instead of widening the page.
(function () {
  function mark() {
    var all = document.querySelectorAll("mjx-container:not([display='true'])");
    Array.prototype.forEach.call(all, function (m) {
      m.classList.remove("bnbook-wide-inline");
      var block = m.parentElement;
      while (block && getComputedStyle(block).display.indexOf("inline") === 0) {
        block = block.parentElement;
      }
      if (block && m.getBoundingClientRect().width > block.clientWidth + 1) {
        m.classList.add("bnbook-wide-inline");
      }
    });
  }
  function whenTypeset() {
    var mj = window.MathJax;
    if (mj && mj.startup && mj.startup.promise) mj.startup.promise.then(mark);
  }
  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(mark, 200);
  });
  if (document.readyState === "complete") whenTypeset();
  else window.addEventListener("load", whenTypeset);
})();
