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
