/*
 * The client-side checks of the Lever and Ashby forms: an empty required field, a malformed
 * email. Each form marks its fields with a wrapper element carrying
 *   data-field     the posted name (or Ashby's field path)
 *   data-kind      text, email, textarea, file, radio, checkbox, select, combobox or yesno
 *   data-required  "true" or "false"
 * and decides itself how an error looks: SandboxFieldCheck.validate(wrappers, show) calls
 * show(wrapper, message or null) for each and returns the first refused wrapper (or null);
 * watch(root, selector, show, shown) checks a field again as it is edited, once it shows an error.
 * The messages are the ones sandbox/applications/checks.py answers with, so the browser and
 * the server say the same thing.
 */
(function () {
  "use strict";

  var REQUIRED = "This field is required.";
  var BAD_EMAIL = "Please enter a valid email address (example@domain.com).";
  var EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

  function answered(control) {
    if (control.type === "file") return control.files.length > 0;
    if (control.type === "radio" || control.type === "checkbox") return control.checked;
    return control.value.trim() !== "";
  }

  function hasValue(wrapper) {
    if (wrapper.getAttribute("data-kind") === "yesno") {
      return Boolean(wrapper.querySelector('button[aria-pressed="true"]'));
    }
    return Array.prototype.some.call(
      wrapper.querySelectorAll("input[name], select[name], textarea[name]"),
      answered
    );
  }

  function problem(wrapper) {
    if (wrapper.getAttribute("data-required") === "true" && !hasValue(wrapper)) return REQUIRED;
    if (wrapper.getAttribute("data-kind") === "email") {
      var value = wrapper.querySelector("input[name]").value.trim();
      if (value && !EMAIL.test(value)) return BAD_EMAIL;
    }
    return null;
  }

  function validate(wrappers, show) {
    var first = null;
    Array.prototype.forEach.call(wrappers, function (wrapper) {
      var message = problem(wrapper);
      show(wrapper, message);
      if (message && !first) first = wrapper;
    });
    if (first) first.scrollIntoView({ block: "center" });
    return first;
  }

  function watch(root, selector, show, shown) {
    function again(event) {
      var wrapper = event.target.closest(selector);
      if (wrapper && shown(wrapper)) show(wrapper, problem(wrapper));
    }
    root.addEventListener("input", again);
    root.addEventListener("change", again);
  }

  window.SandboxFieldCheck = { problem: problem, validate: validate, watch: watch };
})();
