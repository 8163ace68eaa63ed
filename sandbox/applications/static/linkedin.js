/*
 * LinkedIn's Easy Apply modal (sandbox/applications/linkedin.py draws the markup).
 *
 * - button.jobs-apply-button opens the modal on its first step. Only the current step is in
 *   the document; the others are kept aside, as the single-page app keeps its state.
 * - The footer's primary button says "Next" (aria-label "Continue to next step"), on the last
 *   question step "Review" ("Review your application"), on Review "Submit application". Each
 *   step is checked before it is left: an empty required answer or a malformed number gets an
 *   .artdeco-inline-feedback--error (role=alert) in its grouping and the step stays.
 * - Submit application posts every answer of every step (multipart, files included) with fetch
 *   to the modal's data-action. Accepted, the modal shows the server's confirmation; refused
 *   (400, JSON {errors: {name: message}}), it goes back to the first step with an error.
 */
(function () {
  "use strict";

  var modal = document.querySelector(".jobs-easy-apply-modal");
  var opener = document.querySelector("button.jobs-apply-button");
  if (!modal || !opener) return;
  var form = modal.querySelector("form");
  var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
  var primary = modal.querySelector(".artdeco-button--primary");
  var back = modal.querySelector('[aria-label="Back to previous step"]');
  var progress = modal.querySelector("progress");
  var current = 0;
  var LABELS = [
    ["Next", "Continue to next step"],
    ["Review", "Review your application"],
    ["Submit application", "Submit application"],
  ];

  function show(index) {
    steps.forEach(function (step) { step.remove(); });
    form.appendChild(steps[index]);
    current = index;
    var last = steps.length - 1;
    var label = LABELS[index === last ? 2 : index === last - 1 ? 1 : 0];
    primary.querySelector(".artdeco-button__text").textContent = label[0];
    primary.setAttribute("aria-label", label[1]);
    back.hidden = index === 0;
    progress.value = Math.round((100 * index) / last);
    if (index === last) review();
  }

  function controls(step) {
    return Array.prototype.slice.call(step.querySelectorAll("input[name], select[name]"));
  }

  function answerOf(grouping) {
    var picked = grouping.querySelector("input[type=radio]:checked");
    if (picked) return picked.value;
    var control = grouping.querySelector("input[name], select[name]");
    if (!control || control.type === "radio") return "";
    if (control.type === "file") return control.files.length ? control.files[0].name : "";
    return control.value.trim();
  }

  function setError(grouping, message) {
    var old = grouping.querySelector(".artdeco-inline-feedback--error");
    if (old) old.remove();
    controls(grouping).forEach(function (control) {
      if (message) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    });
    if (!message) return;
    var node = document.createElement("div");
    node.className = "artdeco-inline-feedback artdeco-inline-feedback--error";
    node.setAttribute("role", "alert");
    node.innerHTML = '<span class="artdeco-inline-feedback__message"></span>';
    node.firstChild.textContent = message;
    grouping.appendChild(node);
  }

  function problem(grouping) {
    var control = grouping.querySelector("input[name], select[name]");
    var value = answerOf(grouping);
    if (!value) {
      if (!control.required) return null;
      if (control.type === "file") return "A resume is required";
      return control.tagName === "SELECT" || control.type === "radio"
        ? "Please make a selection"
        : "Please enter a valid answer";
    }
    if (control.getAttribute("data-numeric") && !/^\d{1,2}$/.test(value)) {
      return "Enter a whole number between 0 and 99";
    }
    return null;
  }

  function check(step) {
    var ok = true;
    step.querySelectorAll("[data-field]").forEach(function (grouping) {
      var message = problem(grouping);
      setError(grouping, message);
      if (message) ok = false;
    });
    return ok;
  }

  function review() {
    var list = steps[steps.length - 1].querySelector("[data-review]");
    list.textContent = "";
    steps.slice(0, -1).forEach(function (step) {
      step.querySelectorAll("[data-field]").forEach(function (grouping) {
        var label = grouping.querySelector("legend, label");
        var row = document.createElement("p");
        row.textContent = (label ? label.textContent.trim() : "") + ": " + (answerOf(grouping) || "-");
        list.appendChild(row);
      });
    });
  }

  function answers() {
    var data = new FormData();
    steps.forEach(function (step) {
      controls(step).forEach(function (control) {
        if (control.type === "file") {
          Array.prototype.forEach.call(control.files, function (file) { data.append(control.name, file); });
        } else if (control.type !== "radio" || control.checked) {
          data.append(control.name, control.value);
        }
      });
    });
    return data;
  }

  function refused(errors) {
    var first = steps.findIndex(function (step) {
      return controls(step).some(function (control) { return errors[control.name]; });
    });
    show(first < 0 ? 0 : first);
    steps[current].querySelectorAll("[data-field]").forEach(function (grouping) {
      setError(grouping, errors[grouping.getAttribute("data-field")] || null);
    });
  }

  function submit() {
    primary.disabled = true;
    fetch(modal.getAttribute("data-action"), { method: "POST", body: answers(), credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) return refused(body.errors || {});
          modal.querySelector(".jobs-easy-apply-content").outerHTML = body.html;
          modal.querySelector(".jobs-easy-apply-footer").innerHTML =
            '<button type="button" class="artdeco-button--primary" aria-label="Dismiss">Done</button>';
        });
      })
      .finally(function () { primary.disabled = false; });
  }

  opener.addEventListener("click", function () {
    modal.hidden = false;
    show(0);
  });
  back.addEventListener("click", function () { show(Math.max(0, current - 1)); });
  primary.addEventListener("click", function () {
    if (current === steps.length - 1) return submit();
    if (check(steps[current])) show(current + 1);
  });
  show(0);
})();
