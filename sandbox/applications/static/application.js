/*
 * The job-boards application form's behaviour: client-side checks, the upload boxes (Attach
 * opens the file chooser, "Enter manually" adds the NAME_text textarea), conditional questions
 * (template[data-shown-when="field=value"], e.g. race after "No" to Hispanic/Latino), and
 * submission through fetch as the real (Remix) page does.
 *
 * On submit, every visible div.field-wrapper[data-required=true] must have a value (text, file
 * or its "Enter manually" text, chosen option, ticked box) and the email must look like one;
 * otherwise each gets p#NAME-error.helper-text.helper-text--error ("This field is required.")
 * with aria-invalid="true" on its control, the first is focused, and nothing is posted.
 * Otherwise the form is posted (multipart) with fetch: a redirect (303) means accepted, and the
 * page goes to the confirmation; a refusal (400) is the re-rendered form, whose errors are
 * copied into this page, which keeps its attached files.
 */
(function () {
  "use strict";

  var form = document.getElementById("application-form");
  if (!form) return;
  var REQUIRED = "This field is required.";
  var BAD_EMAIL = "Please enter a valid email address (example@domain.com).";
  var EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

  function controlOf(wrapper) {
    return wrapper.querySelector("#" + CSS.escape(wrapper.getAttribute("data-field")));
  }

  function setError(wrapper, message) {
    var name = wrapper.getAttribute("data-field");
    var old = wrapper.querySelector("#" + CSS.escape(name + "-error"));
    if (old) old.remove();
    var control = controlOf(wrapper);
    wrapper.classList.toggle("field-wrapper--error", Boolean(message));
    if (control) control.setAttribute("aria-invalid", message ? "true" : "false");
    if (!message) return;
    var node = document.createElement("p");
    node.id = name + "-error";
    node.className = "helper-text helper-text--error";
    node.setAttribute("role", "alert");
    node.textContent = message;
    wrapper.appendChild(node);
  }

  function setFormError(message) {
    var old = document.getElementById("form-error");
    if (old) old.remove();
    if (!message) return;
    var node = document.createElement("div");
    node.id = "form-error";
    node.className = "application--error helper-text helper-text--error";
    node.setAttribute("role", "alert");
    node.textContent = message;
    form.insertBefore(node, form.firstChild);
  }

  function hasValue(wrapper) {
    var name = wrapper.getAttribute("data-field");
    var control = controlOf(wrapper);
    switch (wrapper.getAttribute("data-kind")) {
      case "file":
        var manual = form.querySelector("#" + CSS.escape(name + "_text"));
        return control.files.length > 0 || Boolean(manual && manual.value.trim());
      case "select":
      case "multi_select":
        return Array.prototype.some.call(
          wrapper.querySelectorAll('input[type="hidden"], input[type="checkbox"]:checked'),
          function (input) { return input.value !== ""; }
        );
      default:
        return Boolean(control.value.trim());
    }
  }

  function problem(wrapper) {
    var required = wrapper.getAttribute("data-required") === "true";
    if (required && !hasValue(wrapper)) return REQUIRED;
    if (wrapper.getAttribute("data-field") === "email") {
      var value = controlOf(wrapper).value.trim();
      if (value && !EMAIL.test(value)) return BAD_EMAIL;
    }
    return null;
  }

  function validate() {
    var first = null;
    form.querySelectorAll(".field-wrapper[data-field]").forEach(function (wrapper) {
      var message = problem(wrapper);
      setError(wrapper, message);
      if (message && !first) first = wrapper;
    });
    if (first) {
      var control = controlOf(first);
      var target = control && control.type === "file" ? first.querySelector("[data-attach]") : control;
      if (target && target.focus) target.focus({ preventScroll: false });
    }
    return !first;
  }

  function showRefusal(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var banner = page.getElementById("form-error");
    setFormError(banner ? banner.textContent : "");
    form.querySelectorAll(".field-wrapper[data-field]").forEach(function (wrapper) {
      var name = wrapper.getAttribute("data-field");
      var error = page.getElementById(name + "-error");
      setError(wrapper, error ? error.textContent : null);
    });
    var shown = form.querySelector(".helper-text--error");
    if (shown) shown.scrollIntoView({ block: "center" });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    setFormError("");
    if (!validate()) return;
    var button = form.querySelector('button[type="submit"]');
    button.setAttribute("aria-disabled", "true");
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (response.redirected || response.ok) {
          window.location.assign(response.url);
          return null;
        }
        return response.text().then(showRefusal);
      })
      .catch(function () {
        setFormError("There was an error processing your application. Please try again.");
      })
      .finally(function () { button.setAttribute("aria-disabled", "false"); });
  });

  form.addEventListener("input", function (event) {
    var wrapper = event.target.closest(".field-wrapper[data-field]");
    if (wrapper && wrapper.classList.contains("field-wrapper--error")) setError(wrapper, problem(wrapper));
  });

  form.addEventListener("change", function (event) {
    var wrapper = event.target.closest(".field-wrapper[data-field]");
    if (wrapper && wrapper.classList.contains("field-wrapper--error")) setError(wrapper, problem(wrapper));
    if (event.target.type === "file") {
      var shown = form.querySelector('[data-filename="' + event.target.id + '"]');
      var file = event.target.files[0];
      shown.textContent = file ? file.name : "";
      shown.hidden = !file;
    }
    form.querySelectorAll("template[data-shown-when]").forEach(showIfWanted);
  });

  function showIfWanted(template) {
    var rule = template.getAttribute("data-shown-when").split("=");
    var source = form.querySelector('input[type="hidden"][name="' + CSS.escape(rule[0]) + '"]');
    var wanted = Boolean(source) && source.value === rule.slice(1).join("=");
    var model = template.content.firstElementChild;
    var next = template.nextElementSibling;
    var name = model.getAttribute("data-field");
    var shown = next && next.getAttribute("data-field") === name ? next : null;
    if (wanted && !shown) {
      var copy = model.cloneNode(true);
      template.after(copy);
      window.SandboxSelect.mount(copy);
    } else if (!wanted && shown) {
      shown.remove();
    }
  }

  form.addEventListener("click", function (event) {
    var attach = event.target.closest("[data-attach]");
    if (attach) form.querySelector("#" + CSS.escape(attach.getAttribute("data-attach"))).click();
    var manual = event.target.closest("[data-manual]");
    if (manual) {
      var id = manual.getAttribute("data-manual");
      var box = form.querySelector("#" + CSS.escape(id));
      if (!box) {
        box = document.createElement("textarea");
        box.id = id;
        box.name = id;
        box.rows = 6;
        box.className = "input textarea file-upload__text";
        box.setAttribute("aria-label", manual.getAttribute("data-label"));
        manual.closest(".file-upload__wrapper").appendChild(box);
      }
      box.focus();
    }
  });
})();
