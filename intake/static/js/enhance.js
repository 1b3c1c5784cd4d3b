// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  function announce(text) {
    var status = document.querySelector(".copy-status");
    if (status) { status.textContent = text; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var field = document.querySelector(button.getAttribute("data-copy"));
        if (!field) { return; }
        field.select();
        var done = function () { announce(button.getAttribute("data-copied")); };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
        } else { document.execCommand("copy"); done(); }
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
}());
// Back office: Ctrl+Enter saves forms meant for fast keying; the first choice gets focus again.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  document.querySelectorAll("form[data-submit-on-ctrl-enter]").forEach(function (form) {
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    if (!document.getElementById("error-summary")) {
      // The ticked choice of the first group (the kind on a paper card), not its first one.
      var first = form.querySelector("input[type=radio]");
      var ticked = first && form.querySelector("input[type=radio][name='" + first.name + "']:checked");
      if (ticked || first) { (ticked || first).focus(); }
    }
  });
});
// Back office: a live UTF-8 byte count for Google replies (Google counts bytes, not letters).
// The server checks the same limit on submit; this only shows it while typing. The visible
// count changes at once; screen readers hear it through a polite live region after a pause.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (!window.TextEncoder) { return; }
  var encoder = new TextEncoder();
  var numbers = window.Intl ? new Intl.NumberFormat(document.documentElement.lang || undefined) : null;
  document.querySelectorAll("[data-byte-counter]").forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute("data-byte-counter"));
    var count = counter.querySelector(".byte-count");
    var over = counter.querySelector(".byte-over");
    var status = counter.parentNode.querySelector("[data-byte-status]");
    var max = parseInt(counter.getAttribute("data-max-bytes"), 10);
    var timer = null;
    if (!field || !count || !max) { return; }
    var update = function () {
      var used = encoder.encode(field.value.replace(/\r\n?/g, "\n")).length;
      var tooLong = used > max;
      count.textContent = numbers ? numbers.format(used) : String(used);
      counter.classList.toggle("over-limit", tooLong);
      if (over) { over.textContent = tooLong ? " – " + counter.getAttribute("data-over") : ""; }
      if (status) {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { status.textContent = counter.textContent; }, 800);
      }
    };
    field.addEventListener("input", update);
    update();
  });
});
// Back office: work through the queue without the mouse. Single-letter keys act only when no
// form field has focus (WCAG 2.1.4: they never fire while typing, and every action is also a
// normal link or button reachable with Tab).
//   List: j / k move the focus to the next / previous case, Enter opens it.
//   Case: j / k next / previous case, c classify, a assign to me, u back to the list.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var typing = function (el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(el.tagName));
  };
  var list = document.querySelector("[data-keyboard-list]");
  var rows = list ? Array.prototype.slice.call(list.querySelectorAll("tbody tr a")) : [];
  // Back on the list (by u or the link), the focus returns to the case one came from.
  var LAST_CASE = "mk-last-case";
  var store = null;
  try { store = window.sessionStorage; } catch (e) { store = null; }
  if (store && document.querySelector("[data-case-nav]")) {
    store.setItem(LAST_CASE, window.location.pathname);
  } else if (store && rows.length) {
    var last = store.getItem(LAST_CASE);
    store.removeItem(LAST_CASE);
    rows.forEach(function (a) { if (last && a.pathname === last) { a.focus(); } });
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(document.activeElement)) { return; }
    var key = event.key;
    if (rows.length && (key === "j" || key === "k")) {
      var at = rows.indexOf(document.activeElement);
      var next = key === "j" ? Math.min(at + 1, rows.length - 1) : Math.max(at - 1, 0);
      rows[at < 0 ? 0 : next].focus();
      event.preventDefault();
      return;
    }
    var link = document.querySelector("[data-case-nav] [data-key='" + key + "']");
    if (link) { event.preventDefault(); link.click(); return; }
    var field = document.querySelector("[data-focus-key='" + key + "']");
    if (field) { event.preventDefault(); field.focus(); return; }
    var button = document.querySelector("[data-key-submit='" + key + "']");
    if (button) { event.preventDefault(); button.click(); }
  });
});
