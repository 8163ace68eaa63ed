/*
 * A small replica of react-select (v5) for the sandbox's forms: the same DOM, classes, ARIA
 * attributes and keyboard/mouse behaviour, so a filler written for the real sites works here.
 *
 * Markup (server-rendered, see sandbox/applications/widgets.py):
 *   div.select-shell[data-select=ID][data-multi][data-name=POSTED_NAME]
 *     div.select__control > div.select__value-container > input#ID.select__input[role=combobox]
 *     input[type=hidden][name=POSTED_NAME]   (one per chosen value when multi)
 * Options come from <script type="application/json" id="select-options">{ID: [{label, value}]}.
 *
 * Behaviour: focusing, clicking the control, typing or ArrowDown opens a div.select__menu with a
 * div.select__menu-list[role=listbox] of div.select__option[role=option]; typing filters them
 * (case-insensitive substring of "label value"); ArrowUp/Down move the focused option; Enter or
 * Tab or a click selects it; Escape closes; Backspace in an empty input removes the last value.
 * Choosing closes the menu, clears the typed text, shows div.select__single-value (or
 * div.select__multi-value chips, whose chosen options leave the menu), updates the hidden
 * inputs and fires "change" on the shell (it bubbles).
 */
(function () {
  "use strict";

  var dataNode = document.getElementById("select-options");
  var OPTIONS = dataNode ? JSON.parse(dataNode.textContent) : {};

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function Select(shell) {
    this.shell = shell;
    this.id = shell.getAttribute("data-select");
    this.name = shell.getAttribute("data-name");
    this.multi = shell.getAttribute("data-multi") === "true";
    this.options = OPTIONS[this.id] || [];
    this.control = shell.querySelector(".select__control");
    this.valueContainer = shell.querySelector(".select__value-container");
    this.inputContainer = shell.querySelector(".select__input-container");
    this.input = shell.querySelector("input.select__input");
    this.menu = null;
    this.shown = [];
    this.focused = -1;
    var posted = Array.prototype.map.call(
      shell.querySelectorAll('input[type="hidden"]'),
      function (hidden) { return hidden.value; }
    );
    this.selected = this.options.filter(function (o) { return posted.indexOf(String(o.value)) >= 0; });
    this.bind();
  }

  Select.prototype.isOpen = function () { return this.menu !== null; };

  Select.prototype.bind = function () {
    var self = this;
    this.control.addEventListener("mousedown", function (event) {
      var remove = event.target.closest(".select__multi-value__remove");
      if (remove) {
        event.preventDefault();
        self.removeValue(remove.getAttribute("data-value"));
        return;
      }
      var toggle = event.target.closest(".select__indicators");
      if (event.target !== self.input) event.preventDefault();
      if (document.activeElement !== self.input) self.input.focus();
      if (toggle && self.isOpen()) self.close();
      else if (!self.isOpen()) self.open();
    });
    this.input.addEventListener("focus", function () {
      self.control.classList.add("select__control--is-focused");
      if (!self.isOpen()) self.open();
    });
    this.input.addEventListener("blur", function () {
      self.control.classList.remove("select__control--is-focused");
      self.close();
    });
    this.input.addEventListener("input", function () {
      self.inputContainer.setAttribute("data-value", self.input.value);
      if (!self.isOpen()) self.open();
      self.focused = 0;
      self.renderMenu();
      self.renderPlaceholder();
    });
    this.input.addEventListener("keydown", function (event) { self.onKey(event); });
  };

  Select.prototype.onKey = function (event) {
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp":
        event.preventDefault();
        if (!this.isOpen()) { this.open(); return; }
        this.moveFocus(event.key === "ArrowDown" ? 1 : -1);
        return;
      case "Enter":
        if (event.isComposing || !this.isOpen()) return;
        event.preventDefault();
        if (this.focused >= 0 && this.shown[this.focused]) this.choose(this.shown[this.focused]);
        return;
      case "Tab":
        if (this.isOpen() && this.input.value && this.shown[this.focused]) {
          this.choose(this.shown[this.focused]);
        }
        return;
      case "Escape":
        if (this.isOpen()) { event.preventDefault(); this.close(); }
        return;
      case "Backspace":
        if (!this.input.value && this.selected.length) {
          this.removeValue(String(this.selected[this.selected.length - 1].value));
        }
        return;
    }
  };

  Select.prototype.matches = function () {
    var query = this.input.value.trim().toLowerCase();
    var selected = this.selected;
    var multi = this.multi;
    return this.options.filter(function (option) {
      if (multi && selected.indexOf(option) >= 0) return false;
      return (option.label + " " + option.value).toLowerCase().indexOf(query) >= 0;
    });
  };

  Select.prototype.open = function () {
    if (this.isOpen()) return;
    this.menu = make("div", "select__menu");
    this.menu.id = "react-select-" + this.id + "-menu";
    this.menu.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.shell.insertBefore(this.menu, this.control.nextSibling);
    this.shown = this.matches();
    this.focused = this.multi ? 0 : Math.max(0, this.shown.indexOf(this.selected[0]));
    this.renderMenu();
    this.input.setAttribute("aria-expanded", "true");
    this.control.classList.add("select__control--menu-is-open");
  };

  Select.prototype.close = function () {
    if (this.menu) this.menu.remove();
    this.menu = null;
    this.focused = -1;
    this.input.value = "";
    this.inputContainer.setAttribute("data-value", "");
    this.input.setAttribute("aria-expanded", "false");
    this.input.setAttribute("aria-activedescendant", "");
    this.control.classList.remove("select__control--menu-is-open");
    this.renderPlaceholder();
  };

  Select.prototype.optionId = function (option) {
    return "react-select-" + this.id + "-option-" + this.options.indexOf(option);
  };

  Select.prototype.renderMenu = function () {
    var self = this;
    this.shown = this.matches();
    if (this.focused >= this.shown.length) this.focused = this.shown.length - 1;
    if (this.focused < 0 && this.shown.length) this.focused = 0;
    var list = make("div", "select__menu-list" + (this.multi ? " select__menu-list--is-multi" : ""));
    list.setAttribute("role", "listbox");
    list.id = "react-select-" + this.id + "-listbox";
    list.setAttribute("aria-multiselectable", this.multi ? "true" : "false");
    if (!this.shown.length) {
      list.appendChild(make("div", "select__menu-notice select__menu-notice--no-options", "No options"));
    }
    this.shown.forEach(function (option, index) {
      var isSelected = self.selected.indexOf(option) >= 0;
      var classes = "select__option";
      if (index === self.focused) classes += " select__option--is-focused";
      if (isSelected) classes += " select__option--is-selected";
      var node = make("div", classes, option.label);
      node.id = self.optionId(option);
      node.setAttribute("role", "option");
      node.setAttribute("aria-selected", isSelected ? "true" : "false");
      node.setAttribute("aria-disabled", "false");
      node.setAttribute("tabindex", "-1");
      node.addEventListener("mousemove", function () {
        if (self.focused !== index) { self.focused = index; self.renderMenu(); }
      });
      node.addEventListener("click", function () { self.choose(option); });
      list.appendChild(node);
    });
    this.menu.replaceChildren(list);
    var active = this.shown[this.focused];
    this.input.setAttribute("aria-activedescendant", active ? this.optionId(active) : "");
  };

  Select.prototype.moveFocus = function (step) {
    if (!this.shown.length) return;
    this.focused = (this.focused + step + this.shown.length) % this.shown.length;
    this.renderMenu();
  };

  Select.prototype.choose = function (option) {
    this.selected = this.multi ? this.selected.concat([option]) : [option];
    this.close();
    this.renderValue();
  };

  Select.prototype.removeValue = function (value) {
    this.selected = this.selected.filter(function (o) { return String(o.value) !== value; });
    if (this.isOpen()) this.renderMenu();
    this.renderValue();
  };

  Select.prototype.renderPlaceholder = function () {
    var old = this.valueContainer.querySelector(".select__placeholder");
    var wanted = !this.selected.length && !this.input.value;
    if (wanted && !old) {
      var node = make("div", "select__placeholder", "Select...");
      node.id = "react-select-" + this.id + "-placeholder";
      this.valueContainer.insertBefore(node, this.inputContainer);
    } else if (!wanted && old) {
      old.remove();
    }
    var single = this.valueContainer.querySelector(".select__single-value");
    if (single) single.hidden = Boolean(this.input.value);
  };

  Select.prototype.renderValue = function () {
    var self = this;
    var container = this.valueContainer;
    container.querySelectorAll(".select__single-value, .select__multi-value").forEach(function (n) {
      n.remove();
    });
    this.selected.forEach(function (option) {
      if (!self.multi) {
        container.insertBefore(make("div", "select__single-value", option.label), self.inputContainer);
        return;
      }
      var chip = make("div", "select__multi-value");
      chip.appendChild(make("div", "select__multi-value__label", option.label));
      var remove = make("div", "select__multi-value__remove", "\u00d7");
      remove.setAttribute("role", "button");
      remove.setAttribute("aria-label", "Remove " + option.label);
      remove.setAttribute("data-value", String(option.value));
      chip.appendChild(remove);
      container.insertBefore(chip, self.inputContainer);
    });
    container.classList.toggle("select__value-container--has-value", this.selected.length > 0);
    this.renderPlaceholder();
    this.shell.querySelectorAll('input[type="hidden"]').forEach(function (n) { n.remove(); });
    var values = this.selected.map(function (o) { return String(o.value); });
    if (!this.multi && !values.length) values = [""];
    values.forEach(function (value) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = self.name;
      hidden.value = value;
      self.shell.appendChild(hidden);
    });
    this.shell.dispatchEvent(new Event("change", { bubbles: true }));
  };

  /* Bring the comboboxes under root to life (the page, or a field added later). */
  function mount(root) {
    root.querySelectorAll(".select-shell[data-select]").forEach(function (shell) {
      if (!shell.sandboxSelect) shell.sandboxSelect = new Select(shell);
    });
  }

  window.SandboxSelect = { mount: mount };
  mount(document);
})();
