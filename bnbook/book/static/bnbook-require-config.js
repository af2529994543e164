// bnbook: glue between the book's offline MathJax 3 and the ipywidgets html-manager.
// Loaded after require.js and before embed-amd.js (see nb_ipywidgets_js in _config.yml).
(function () {
  // 1. Tell require.js where the html-manager lives, so the widget fonts it loads by relative URL
  //    are found in _static/html-manager/ (not next to the page).
  var here = document.currentScript && document.currentScript.src;
  if (here && typeof window.require !== "undefined") {
    var staticDir = here.replace(/[?#].*$/, "").replace(/[^/]*$/, "");
    window.require.config({
      paths: { "@jupyter-widgets/html-manager/dist": staticDir + "html-manager" },
    });
  }

  // 2. The html-manager typesets widget labels with the MathJax 2 API (MathJax.Hub.Queue);
  //    the book ships MathJax 3. Provide that one call on top of MathJax 3.
  var mj = window.MathJax;
  if (!mj || mj.version) return; // no math on this page, or MathJax already loaded (unexpected)
  var pending = [];
  function typeset(elements) {
    var m = window.MathJax;
    if (m && m.typesetPromise) {
      m.typesetPromise(elements).catch(function (err) { console.error(err); });
    } else {
      pending.push.apply(pending, elements);
    }
  }
  var hub = {
    Queue: function (job) {
      if (Array.isArray(job) && job[0] === "Typeset" && job[2]) typeset([job[2]]);
    },
  };
  mj.Hub = hub; // used until MathJax 3 has loaded and replaced window.MathJax
  mj.startup = mj.startup || {};
  var userReady = mj.startup.ready;
  mj.startup.ready = function () {
    if (userReady) userReady(); else window.MathJax.startup.defaultReady();
    window.MathJax.Hub = hub;
    if (pending.length) window.MathJax.startup.promise.then(function () { typeset(pending.splice(0)); });
  };
})();
