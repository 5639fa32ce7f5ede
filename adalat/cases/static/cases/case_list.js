/* The case list's filters fold away on a phone, so that the first screen shows cases; on a wide
   screen they are open from the start. Without this script they open only on a mistake to put right. */
(function () {
  "use strict";
  var filters = document.querySelector("details[data-open-wide]");
  if (filters && window.matchMedia("(min-width: 641px)").matches) {
    filters.open = true;
  }
})();
