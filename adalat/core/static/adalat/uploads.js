/* Uploads: a file over the limit is named beside its field as soon as it is chosen, and the form
   is not sent; an upload the server refuses, or whose connection is cut while it is sent, says so
   beside the field instead of failing silently. Works on forms sent by htmx and on plain ones.

   A file field says its limit and the words for it:  data-max-bytes, data-too-large.
   Its form says what to show when sending fails:     data-upload-cut, data-upload-refused,
   and holds the element to show it in:                [data-upload-note]. */
(function () {
  "use strict";
  var FILE = "input[type=file][data-max-bytes]";

  function fileField(form) {
    return form.querySelector(FILE);
  }

  function say(form, text) {
    var note = form.querySelector("[data-upload-note]");
    var input = fileField(form);
    if (!note || !input) {
      return;
    }
    note.textContent = text;
    note.hidden = !text;
    var described = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && id !== note.id;
    });
    if (text) {
      described.push(note.id);
      input.setAttribute("aria-invalid", "true");
    } else if (!input.hasAttribute("data-invalid")) {
      input.removeAttribute("aria-invalid");
    }
    input.setAttribute("aria-describedby", described.join(" "));
  }

  function tooLarge(input) {
    var limit = Number(input.getAttribute("data-max-bytes"));
    var file = input.files && input.files[0];
    return Boolean(file && limit > 0 && file.size > limit);
  }

  /* Whether the form may be sent; if not, why is shown beside its file field. */
  function ready(form) {
    var input = fileField(form);
    if (!input) {
      return true;
    }
    if (tooLarge(input)) {
      say(form, input.getAttribute("data-too-large"));
      return false;
    }
    say(form, "");
    return true;
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.matches(FILE) && input.form) {
      ready(input.form);
    }
  });

  /* In the capture phase, before htmx's own listener on the form sends it. */
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (form instanceof HTMLFormElement && !ready(form)) {
        event.preventDefault();
        event.stopImmediatePropagation();
        fileField(form).focus();
      }
    },
    true
  );

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail && event.detail.elt;
    if (form instanceof HTMLFormElement && !ready(form)) {
      event.preventDefault();
    }
  });

  /* The connection was cut while the file was sent (a server stops reading a body over its limit). */
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail && event.detail.elt;
    if (form instanceof HTMLFormElement && fileField(form)) {
      say(form, form.getAttribute("data-upload-cut"));
    }
  });

  /* An answer htmx does not show: a proxy's 413, or any other refusal. */
  document.addEventListener("htmx:responseError", function (event) {
    var form = event.detail && event.detail.elt;
    var input = form instanceof HTMLFormElement ? fileField(form) : null;
    if (input) {
      var status = event.detail.xhr ? event.detail.xhr.status : 0;
      say(form, status === 413 ? input.getAttribute("data-too-large") : form.getAttribute("data-upload-refused"));
    }
  });
})();
