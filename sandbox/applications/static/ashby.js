/*
 * Ashby's application page behaviour (sandbox/applications/ashby.py draws the markup).
 *
 * - Yes/No: a click on a button._option presses it and lets go of the other, drawn a microtask
 *   later as React draws it; pressing the pressed one lets go of it. The hidden checkbox beside
 *   them is ticked for Yes only, and a click on it presses Yes.
 * - "Upload File" opens the hidden file input's chooser; the chosen file's name is shown.
 * - Submit Application: every .ashby-application-form-field-entry is checked (fieldcheck.js);
 *   a refused one gets p.ashby-application-form-field-error[role=alert] and the failure box
 *   says "Your form needs corrections". Otherwise the answers are posted with fetch as
 *   multipart (each named control, files included; a Yes/No as "true" or "false" from the
 *   pressed button, never from the checkbox) to the container's data-action. Accepted (the
 *   redirect is followed), the form is replaced by the success container of the page it led to,
 *   and the URL stays; refused (400), the errors of the page the server answered are copied in.
 */
(function () {
  "use strict";

  var root = document.querySelector(".ashby-application-form-container");
  if (!root) return;
  var check = window.SandboxFieldCheck;
  var FIELD = ".ashby-application-form-field-entry[data-field-path]";
  var NEEDS_CORRECTIONS = "Your form needs corrections";
  var submit = root.querySelector(".ashby-application-form-submit-button");

  function show(wrapper, message) {
    var old = wrapper.querySelector(":scope > .ashby-application-form-field-error");
    if (old) old.remove();
    if (!message) return;
    var node = document.createElement("p");
    node.id = wrapper.getAttribute("data-field-path") + "-error";
    node.className = "_error ashby-application-form-field-error";
    node.setAttribute("role", "alert");
    node.textContent = message;
    wrapper.appendChild(node);
  }

  function shown(wrapper) {
    return Boolean(wrapper.querySelector(":scope > .ashby-application-form-field-error"));
  }

  function setFailure(message) {
    var old = document.getElementById("form-error");
    if (old) old.remove();
    if (!message) return;
    var node = document.createElement("div");
    node.id = "form-error";
    node.className = "_failure ashby-application-form-failure";
    node.setAttribute("role", "alert");
    node.textContent = message;
    root.insertBefore(node, root.firstChild);
  }

  root.querySelectorAll("._yesno").forEach(function (group) {
    var buttons = Array.prototype.slice.call(group.querySelectorAll("button._option"));
    var box = group.querySelector("input._input");
    var wrapper = group.closest(FIELD);
    function press(hit) {
      queueMicrotask(function () {
        var on = hit.getAttribute("aria-pressed") !== "true";
        buttons.forEach(function (button) {
          button.setAttribute("aria-pressed", String(on && button === hit));
        });
        box.checked = on && hit.getAttribute("data-option") === "yes";
        if (shown(wrapper)) show(wrapper, check.problem(wrapper));
      });
    }
    buttons.forEach(function (button) {
      button.addEventListener("click", function () { press(button); });
    });
    box.addEventListener("click", function () { press(buttons[0]); });
  });

  root.addEventListener("click", function (event) {
    var upload = event.target.closest("[data-upload]");
    if (upload) document.getElementById(upload.getAttribute("data-upload")).click();
  });

  root.addEventListener("change", function (event) {
    if (event.target.type !== "file") return;
    var shownName = root.querySelector('[data-filename="' + CSS.escape(event.target.id) + '"]');
    var file = event.target.files[0];
    shownName.textContent = file ? file.name : "";
    shownName.hidden = !file;
  });

  check.watch(root, FIELD, show, shown);

  function answers() {
    var data = new FormData();
    root.querySelectorAll("input[name], select[name], textarea[name]").forEach(function (control) {
      if (control.closest("._yesno")) return;
      if (control.type === "file") {
        Array.prototype.forEach.call(control.files, function (file) { data.append(control.name, file); });
        return;
      }
      if ((control.type === "radio" || control.type === "checkbox") && !control.checked) return;
      data.append(control.name, control.value);
    });
    root.querySelectorAll("._yesno").forEach(function (group) {
      var pressed = group.querySelector('button[aria-pressed="true"]');
      if (!pressed) return;
      var yes = pressed.getAttribute("data-option") === "yes";
      data.append(group.querySelector("input._input").name, yes ? "true" : "false");
    });
    return data;
  }

  function refused(page) {
    var failure = page.getElementById("form-error");
    setFailure(failure ? failure.textContent : NEEDS_CORRECTIONS);
    root.querySelectorAll(FIELD).forEach(function (wrapper) {
      var error = page.getElementById(wrapper.getAttribute("data-field-path") + "-error");
      show(wrapper, error ? error.textContent : null);
    });
  }

  submit.addEventListener("click", function (event) {
    event.preventDefault();
    setFailure(null);
    var first = check.validate(root.querySelectorAll(FIELD), show);
    if (first) {
      setFailure(NEEDS_CORRECTIONS);
      var control = first.querySelector(
        'input:not([type=hidden]):not([tabindex="-1"]), textarea, button'
      );
      if (control) control.focus({ preventScroll: true });
      return;
    }
    submit.disabled = true;
    fetch(root.getAttribute("data-action"), { method: "POST", body: answers(), credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var success = page.querySelector(".ashby-application-form-success-container");
          if (response.ok && success) root.replaceWith(document.importNode(success, true));
          else refused(page);
        });
      })
      .catch(function () { setFailure("Something went wrong. Please try again."); })
      .finally(function () { submit.disabled = false; });
  });
})();
