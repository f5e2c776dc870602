// "Cite this": a stored page may have been written the day before (pages are kept for up to ten
// minutes), so the day accessed becomes the reader's own day, and the downloads are asked for it.
(function () {
  "use strict";
  var section = document.querySelector(".cite[data-accessed-on]");
  if (!section) return;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var now = new Date();
  var y = now.getFullYear(), m = now.getMonth() + 1, d = now.getDate();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var iso = y + "-" + pad(m) + "-" + pad(d);
  var server = section.getAttribute("data-accessed-on");
  if (iso === server) return;
  // The server takes a day within one of its own; a clock further off keeps the server's day.
  var apart = Math.abs(Date.UTC(y, m - 1, d) - Date.parse(server + "T00:00:00Z")) / 864e5;
  if (!(apart <= 1)) return;
  var forms = { long: d + " " + MONTHS[m - 1] + " " + y, iso: iso, parts: '{"date-parts": [[' + y + ", " + m + ", " + d + "]]}" };
  section.querySelectorAll("[data-accessed]").forEach(function (el) {
    el.textContent = forms[el.getAttribute("data-accessed")] || el.textContent;
    if (el.hasAttribute("datetime")) el.setAttribute("datetime", iso);
  });
  section.querySelectorAll("a[data-cite-download]").forEach(function (a) {
    var url = new URL(a.href, document.baseURI);
    url.searchParams.set("accessed", iso);
    a.href = url.toString();
  });
})();
