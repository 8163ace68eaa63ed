/*
 * Workday's candidate pages (sandbox/applications/workday.py draws the markup).
 *
 * - Dropdowns: a button[aria-haspopup=listbox] opens, on a click or on Enter, Space or
 *   ArrowDown, a ul[role=listbox] built from the page's options (it exists only while open);
 *   a click on a li[role=option] (data-automation-id="promptOption") chooses it: the button
 *   shows its text and holds it as its value. Escape closes the list.
 * - Sign In / Create Account: the buttons post the form's fields with fetch; a refusal shows
 *   its message in div[data-automation-id=errorMessage][role=alert], a success goes on to
 *   the page the answer names. "Create Account" swaps the sign-in form for its own.
 * - Steps: "Save and Continue" (and "Submit" on Review, "Back") clear the errors shown, then
 *   post the step's answers with fetch as multipart, keyed by data-automation-id (radio and
 *   checkbox groups by their name): 200 names the next page, 400 the errors, each shown under
 *   its field (p[data-automation-id=errorMessage][role=alert], the control aria-invalid).
 * - "Select files" opens the hidden file input.
 */
(function () {
  "use strict";

  var holder = document.getElementById("wd-page");
  var page = holder ? JSON.parse(holder.textContent) : {};
  var options = page.options || {};

  function closeLists() {
    document.querySelectorAll('[role="listbox"]').forEach(function (list) {
      var button = document.querySelector('[aria-controls="' + list.id + '"]');
      if (button) button.setAttribute("aria-expanded", "false");
      list.remove();
    });
  }

  function openList(button) {
    closeLists();
    var key = button.getAttribute("data-automation-id");
    var list = document.createElement("ul");
    list.id = button.getAttribute("aria-controls");
    list.setAttribute("role", "listbox");
    list.setAttribute("data-automation-id", key + "-listbox");
    (options[key] || []).forEach(function (label) {
      var item = document.createElement("li");
      item.setAttribute("role", "option");
      item.setAttribute("data-automation-id", "promptOption");
      item.setAttribute("aria-selected", String(button.value === label));
      item.textContent = label;
      list.appendChild(item);
    });
    button.parentNode.appendChild(list);
    button.setAttribute("aria-expanded", "true");
  }

  function choose(item) {
    var list = item.closest('[role="listbox"]');
    var button = document.querySelector('[aria-controls="' + list.id + '"]');
    button.value = item.textContent;
    button.textContent = item.textContent;
    closeLists();
    button.focus();
  }

  document.addEventListener("click", function (event) {
    var item = event.target.closest('[role="option"]');
    if (item) { choose(item); return; }
    var button = event.target.closest('button[aria-haspopup="listbox"]');
    if (button) {
      if (button.getAttribute("aria-expanded") === "true") closeLists(); else openList(button);
      return;
    }
    if (!event.target.closest('[role="listbox"]')) closeLists();
    var select = event.target.closest('[data-automation-id="select-files"]');
    if (select) select.parentNode.querySelector('input[type="file"]').click();
  });

  document.addEventListener("keydown", function (event) {
    var button = event.target.closest && event.target.closest('button[aria-haspopup="listbox"]');
    if (!button) return;
    if (["ArrowDown", "Enter", " "].indexOf(event.key) >= 0) {
      event.preventDefault();
      openList(button);
    } else if (event.key === "Escape") {
      closeLists();
    }
  });

  function clearErrors() {
    document.querySelectorAll('[data-automation-id="errorMessage"], [data-automation-id="errorBanner"]')
      .forEach(function (node) { node.remove(); });
    document.querySelectorAll('[aria-invalid="true"]').forEach(function (node) {
      node.removeAttribute("aria-invalid");
    });
  }

  function alertIn(container, message, tag) {
    var node = document.createElement(tag || "p");
    node.setAttribute("data-automation-id", "errorMessage");
    node.setAttribute("role", "alert");
    node.className = "wd-error";
    node.textContent = message;
    container.appendChild(node);
  }

  function showErrors(errors, message) {
    var step = document.querySelector('[data-automation-id="applyFlowStep"]');
    if (message && step) {
      var banner = document.createElement("div");
      banner.setAttribute("data-automation-id", "errorBanner");
      banner.className = "wd-error";
      banner.textContent = message;
      step.insertBefore(banner, step.firstChild);
    }
    Object.keys(errors || {}).forEach(function (key) {
      var wrapper = document.querySelector('[data-automation-id="formField-' + key + '"]');
      if (!wrapper) return;
      wrapper.querySelectorAll("input, textarea, button[aria-haspopup], fieldset")
        .forEach(function (control) { control.setAttribute("aria-invalid", "true"); });
      alertIn(wrapper, errors[key]);
    });
  }

  function answers(action) {
    var data = new FormData();
    data.append("step", page.step);
    data.append("action", action);
    var step = document.querySelector('[data-automation-id="applyFlowStep"]');
    if (!step) return data;
    step.querySelectorAll("[data-automation-id]").forEach(function (el) {
      var key = el.getAttribute("data-automation-id");
      if (el.matches('button[aria-haspopup="listbox"]')) {
        if (el.value) data.append(key, el.value);
      } else if (el.matches('input[type="file"]')) {
        if (el.files.length) data.append(key, el.files[0]);
      } else if (el.matches('input[type="checkbox"]')) {
        if (el.checked) data.append(key, "true");
      } else if (el.matches("input, textarea")) {
        data.append(key, el.value);
      }
    });
    step.querySelectorAll("input[name]:checked").forEach(function (el) {
      data.append(el.name, el.value);
    });
    return data;
  }

  function send(url, body, onRefused) {
    return fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (answer.next) { window.location.assign(answer.next); return; }
        onRefused(answer);
      });
  }

  var footer = document.querySelector('[data-automation-id="pageFooter"]');
  if (footer) {
    footer.addEventListener("click", function (event) {
      var next = event.target.closest('[data-automation-id="bottom-navigation-next-button"]');
      var back = event.target.closest('[data-automation-id="bottom-navigation-back-button"]');
      if (!next && !back) return;
      clearErrors();
      var action = back ? "back" : (page.step === "review" ? "submit" : "next");
      send(page.action, answers(action), function (answer) {
        showErrors(answer.errors, answer.message);
      });
    });
  }

  function account(content, url) {
    content.addEventListener("click", function (event) {
      var go = event.target.closest(
        '[data-automation-id="signInSubmitButton"], [data-automation-id="createAccountSubmitButton"]'
      );
      if (!go) return;
      clearErrors();
      var body = new URLSearchParams();
      content.querySelectorAll("input[data-automation-id]").forEach(function (el) {
        body.append(el.getAttribute("data-automation-id"), el.value);
      });
      var token = page.captchaField && document.querySelector('[name="' + page.captchaField + '"]');
      if (token) body.append(page.captchaField, token.value);
      send(url, body, function (answer) {
        alertIn(content, answer.error || "Something went wrong.", "div");
      });
    });
  }

  var signIn = document.querySelector('[data-automation-id="signInContent"]');
  if (signIn) {
    account(signIn, page.signIn);
    signIn.querySelector('[data-automation-id="createAccountLink"]')
      .addEventListener("click", function () {
        var form = document.getElementById("wd-create-account").content.cloneNode(true);
        signIn.replaceWith(form);
        account(document.querySelector('[data-automation-id="createAccountContent"]'),
          page.createAccount);
      });
  }
})();
