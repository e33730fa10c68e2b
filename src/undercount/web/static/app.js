/* undercount web: small progressive enhancements; every page works without this file. */
(function () {
  "use strict";

  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" ||
                  el.tagName === "SELECT" || el.isContentEditable);
  }

  // Review queue: m / n / u press the match / non-match / unsure buttons.
  function reviewKeys() {
    var form = document.getElementById("decide-form");
    if (!form) { return; }
    document.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(document.activeElement)) { return; }
      var btn = form.querySelector('button[data-key="' + ev.key.toLowerCase() + '"]');
      if (btn) { ev.preventDefault(); btn.click(); }
    });
  }

  // Record form: gazetteer suggestions for the place as it is typed.
  function placeSuggestions() {
    var input = document.getElementById("place_text");
    var list = document.getElementById("place-suggestions");
    var hint = document.getElementById("place-hint");
    if (!input || !list) { return; }
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { return; }
      timer = setTimeout(function () {
        fetch("/api/places?q=" + encodeURIComponent(q), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : {places: []}; })
          .then(function (data) {
            while (list.firstChild) { list.removeChild(list.firstChild); }
            var names = [];
            (data.places || []).forEach(function (p) {
              var label = (p.city ? p.city + ", " : "") + (p.province || "");
              var opt = document.createElement("option");
              opt.value = label;
              list.appendChild(opt);
              names.push(label);
            });
            if (hint) { hint.textContent = names.length ? names.join("; ") : ""; }
          })
          .catch(function () { /* suggestions are optional */ });
      }, 250);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    reviewKeys();
    placeSuggestions();
  });
}());
