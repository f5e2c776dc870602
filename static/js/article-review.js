/* "Add from article", the review page: keeps the save bar's count of ticked proposals and each
   pledge's party boxes in step with the countries ticked, as the editor ticks them. Without it
   the page is a plain form: the count is the one it was shown with, and a party that is not
   ticked among the countries is refused on saving. */
(function () {
  "use strict";

  function countTicked(form) {
    var count = document.getElementById("ticked-count");
    if (!count) return;
    var boxes = form.querySelectorAll("input.proposal-include");
    var ticked = 0;
    boxes.forEach(function (box) { if (box.checked) ticked += 1; });
    count.textContent = String(ticked);
  }

  // A pledge may bind only the countries ticked above: the others' boxes are hidden and
  // disabled (a disabled box is not sent), and come back as they were when ticked again.
  function offerParties(form, countryBox) {
    var code = countryBox.getAttribute("data-country");
    var selector = 'input[name$="-parties"][value="' + code + '"]';
    form.querySelectorAll(selector).forEach(function (party) {
      var option = party.closest("label") ? party.closest("label").parentElement : party;
      party.disabled = !countryBox.checked;
      option.hidden = !countryBox.checked;
    });
  }

  function start() {
    var form = document.getElementById("review_form");
    if (!form) return;
    var countries = form.querySelectorAll("input[data-country]");
    countries.forEach(function (box) { offerParties(form, box); });
    countTicked(form);
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.matches && target.matches("input[data-country]")) offerParties(form, target);
      if (target.matches && target.matches("input.proposal-include")) countTicked(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
