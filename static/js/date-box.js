/* Date boxes: the line under each box says how the typed date will show ("will show as
   8–9 September 2025") or what is wrong, asking the server's reader a moment after the editor
   stops typing. Without this file the line shows the server's reading after a submit. */
(function () {
  "use strict";

  var WAIT_MS = 250;
  var timers = new WeakMap();
  var requests = new WeakMap();

  function lineFor(input) {
    var box = input.closest(".date-box");
    return box ? box.querySelector(".date-box-reading") : null;
  }

  function show(line, text, isError) {
    line.textContent = text;
    line.classList.toggle("date-box-error", isError);
  }

  function readBox(input) {
    var line = lineFor(input);
    var url = input.getAttribute("data-reading-url");
    if (!line || !url) {
      return;
    }
    var previous = requests.get(input);
    if (previous) {
      previous.abort();
    }
    var text = input.value.trim();
    if (!text) {
      show(line, "", false);
      return;
    }
    var request = new AbortController();
    requests.set(input, request);
    var query = new URLSearchParams({ text: text, kind: input.getAttribute("data-date-box") });
    fetch(url + "?" + query.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: request.signal,
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          show(line, data.error || data.reading || "", Boolean(data.error));
        }
      })
      .catch(function () {
        /* Offline or signed out: the form still reads the date when it is sent. */
      });
  }

  // Delegated, so that the rows an inline's "Add another" creates have it too.
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-date-box")) {
      return;
    }
    clearTimeout(timers.get(input));
    timers.set(
      input,
      setTimeout(function () {
        readBox(input);
      }, WAIT_MS)
    );
  });
})();
