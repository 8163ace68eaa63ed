/*
 * Lever's apply page behaviour (sandbox/applications/lever.py draws the markup).
 *
 * #btn-submit is type="button": its click checks every li.application-question[data-field]
 * (fieldcheck.js) and, when one is refused, puts div.error-message[role=alert] under it, adds
 * .application-question--error to it, focuses its control and posts nothing. Otherwise it runs
 * the invisible hCaptcha (hcaptcha.js), whose callback window.onHCaptchaSubmit submits the form:
 * a plain multipart POST, so the browser follows the server's redirect to /thanks, or shows the
 * page it answers a refusal with. A form without the invisible widget (a visible CAPTCHA
 * variant) is submitted at once and left to the server. Choosing a resume shows its name.
 */
(function () {
  "use strict";

  var form = document.getElementById("application-form");
  var button = document.getElementById("btn-submit");
  if (!form || !button) return;
  var check = window.SandboxFieldCheck;
  var FIELD = "li.application-question[data-field]";

  function show(wrapper, message) {
    var old = wrapper.querySelector(":scope > .error-message");
    if (old) old.remove();
    wrapper.classList.toggle("application-question--error", Boolean(message));
    if (!message) return;
    var node = document.createElement("div");
    node.className = "error-message";
    node.setAttribute("role", "alert");
    node.textContent = message;
    wrapper.appendChild(node);
  }

  function shown(wrapper) {
    return wrapper.classList.contains("application-question--error");
  }

  window.onHCaptchaSubmit = function () {
    form.submit();
  };

  button.addEventListener("click", function () {
    var banner = document.getElementById("form-error");
    if (banner) banner.remove();
    var first = check.validate(form.querySelectorAll(FIELD), show);
    if (first) {
      var control = first.querySelector("input:not([type=hidden]), select, textarea");
      if (control) control.focus({ preventScroll: true });
      return;
    }
    if (window.hcaptcha && form.querySelector('.h-captcha[data-size="invisible"]')) {
      window.hcaptcha.execute();
    } else {
      form.submit();
    }
  });

  check.watch(form, FIELD, show, shown);

  form.addEventListener("change", function (event) {
    if (event.target.id !== "resume-upload-input") return;
    var file = event.target.files[0];
    var name = form.querySelector(".visible-resume-upload .filename");
    name.textContent = file ? file.name : "";
    form.querySelector(".visible-resume-upload .default-label").hidden = Boolean(file);
  });
})();
