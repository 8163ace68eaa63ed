/*
 * A stand-in for hCaptcha's api.js in invisible mode, for the sandbox's forms (nothing is fetched
 * from hcaptcha.com). It drives the widget that variants.invisible_hcaptcha() renders:
 *
 *   div.h-captcha[data-size=invisible][data-sitekey][data-callback]
 *     iframe[hidden]                        (the invisible checkbox frame)
 *     textarea[name=h-captcha-response]     (empty until it passes)
 *
 * window.hcaptcha.execute(), called by the page when the person submits, answers a moment later
 * as the real one does after its network round trip:
 * - with hCaptcha's "safe end user" test key it passes unseen: the token goes into
 *   h-captcha-response and window[data-callback](token) is called (the page then submits);
 * - with any other key (the "bot detected" test key of a captcha variant) a visible challenge
 *   iframe (#frame=challenge, served by the sandbox) appears in a box of its own at the end of
 *   <body>, as hCaptcha draws it (outside the invisible widget), and nothing is called back:
 *   the page posts nothing, and nothing in the sandbox ever passes the challenge.
 * The key and token are variants.INVISIBLE_PASS_SITEKEY and variants.INVISIBLE_PASS_TOKEN.
 */
(function () {
  "use strict";

  var PASS_SITEKEY = "20000000-ffff-ffff-ffff-000000000002";
  var PASS_TOKEN = "20000000-aaaa-bbbb-cccc-000000000002";
  var ANSWER_MS = 80;

  function widget() {
    return document.querySelector('.h-captcha[data-size="invisible"]');
  }

  function responseField(node) {
    return node.querySelector('[name="h-captcha-response"]');
  }

  function showChallenge(node) {
    if (document.querySelector('iframe[data-frame="challenge"]')) return;
    var invisible = node.querySelector("iframe");
    var frame = document.createElement("iframe");
    frame.src = invisible.src.replace(/#frame=.*$/, "#frame=challenge");
    frame.title = "Main content of the hCaptcha challenge";
    frame.setAttribute("data-frame", "challenge");
    frame.width = "400";
    frame.height = "580";
    frame.setAttribute("frameborder", "0");
    var box = document.createElement("div");
    box.style.cssText =
      "position:fixed;top:10%;left:50%;transform:translateX(-50%);z-index:2000000000;" +
      "background:#fff;border:1px solid #d7d7d7;box-shadow:0 0 8px rgba(0,0,0,.2)";
    box.appendChild(frame);
    document.body.appendChild(box);
  }

  window.hcaptcha = {
    execute: function () {
      var node = widget();
      if (!node) return;
      setTimeout(function () {
        if (node.getAttribute("data-sitekey") !== PASS_SITEKEY) {
          showChallenge(node);
          return;
        }
        responseField(node).value = PASS_TOKEN;
        var callback = window[node.getAttribute("data-callback")];
        if (typeof callback === "function") callback(PASS_TOKEN);
      }, ANSWER_MS);
    },
    getResponse: function () {
      var node = widget();
      return node ? responseField(node).value : "";
    },
    reset: function () {
      var node = widget();
      if (node) responseField(node).value = "";
    },
  };
})();
