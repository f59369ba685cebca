// Inline checks for the family consent form (/c/:token), when JavaScript runs.
// The page works without it: the server checks every answer again and shows
// the same messages. No framework: this file is all the JavaScript the page has.
(function () {
  "use strict";
  var form = document.querySelector("form.consent-form");
  if (!form) return;

  function answered(field) {
    var kind = field.getAttribute("data-required");
    if (kind === "choice" || kind === "multi") return !!field.querySelector("input:checked");
    if (kind === "confirm") return field.querySelector("input").checked;
    var input = field.querySelector("input, textarea, select");
    return input.value.trim() !== "";
  }

  function setError(field, message) {
    var name = field.getAttribute("data-question");
    var id = "q-" + name + "-error";
    var error = document.getElementById(id);
    var controls = field.querySelectorAll("input, textarea, select");
    var target = field.tagName === "FIELDSET" ? [field] : controls;
    if (message) {
      if (!error) {
        error = document.createElement("p");
        error.className = "field__error";
        error.id = id;
        var anchor = field.querySelector(".choice__option, input, textarea, select");
        anchor.parentNode.insertBefore(error, anchor);
      }
      error.textContent = message;
      field.classList.add("field--error");
    } else if (error) {
      error.parentNode.removeChild(error);
      field.classList.remove("field--error");
    }
    controls.forEach(function (c) {
      if (message) c.setAttribute("aria-invalid", "true");
      else c.removeAttribute("aria-invalid");
    });
    target.forEach(function (el) {
      var ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(function (x) {
        return x && x !== id;
      });
      if (message) ids.push(id);
      if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
      else el.removeAttribute("aria-describedby");
    });
  }

  function messageFor(field) {
    return field.getAttribute("data-required") === "confirm" ? form.getAttribute("data-msg-confirm") : form.getAttribute("data-msg-required");
  }

  function showSummary(missing) {
    var old = document.getElementById("error-summary");
    if (old) old.parentNode.removeChild(old);
    if (!missing.length) return;
    var box = document.createElement("div");
    box.className = "error-summary";
    box.id = "error-summary";
    box.setAttribute("role", "alert");
    box.setAttribute("tabindex", "-1");
    box.setAttribute("aria-labelledby", "error-summary-title");
    var title = document.createElement("h2");
    title.className = "error-summary__title";
    title.id = "error-summary-title";
    title.textContent = form.getAttribute("data-error-title");
    var list = document.createElement("ul");
    missing.forEach(function (field) {
      var control = field.querySelector("input, textarea, select");
      var label = field.querySelector("legend, label").cloneNode(true);
      var marker = label.querySelector(".required");
      if (marker) label.removeChild(marker);
      var link = document.createElement("a");
      link.href = "#" + control.id;
      link.textContent = label.textContent.trim() + ": " + messageFor(field);
      var item = document.createElement("li");
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(title);
    box.appendChild(list);
    // Where the server puts its summary too: above the document, at the top of the page.
    var documentSection = document.querySelector('[aria-labelledby="document-title"]');
    if (documentSection) documentSection.parentNode.insertBefore(box, documentSection);
    else form.insertBefore(box, form.firstChild);
    box.focus();
  }

  form.addEventListener("submit", function (event) {
    var missing = [];
    form.querySelectorAll("[data-required]").forEach(function (field) {
      var ok = answered(field);
      setError(field, ok ? "" : messageFor(field));
      if (!ok) missing.push(field);
    });
    if (missing.length) {
      event.preventDefault();
      showSummary(missing);
    }
  });

  form.addEventListener("change", function (event) {
    var field = event.target.closest("[data-required]");
    if (field && answered(field)) setError(field, "");
  });
})();
