/* The satisfaction survey page (/moeen-survey): posts the answers to moeen_helpdesk.api.surveys.submit.
 * Its texts come translated from the page (the form's data-error, the button's data-sending). */
(function () {
  var form = document.getElementById("survey-form");
  var errorBox = document.getElementById("survey-error");
  var button = document.getElementById("survey-submit");
  var fallback = form.getAttribute("data-error");
  function serverMessage(data) {
    try {
      var list = JSON.parse(data._server_messages || "[]");
      if (list.length) { return JSON.parse(list[list.length - 1]).message || fallback; }
    } catch (e) { /* fall through */ }
    return fallback;
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var answers = {};
    form.querySelectorAll("fieldset[data-key]").forEach(function (fs) {
      var key = fs.getAttribute("data-key");
      if (fs.getAttribute("data-type") === "Text") {
        var text = fs.querySelector("textarea").value;
        if (text.trim()) { answers[key] = text; }
      } else {
        var checked = fs.querySelector("input:checked");
        if (checked) { answers[key] = checked.value; }
      }
    });
    var headers = { "Content-Type": "application/json", "Accept": "application/json" };
    if (window.frappe.csrf_token) { headers["X-Frappe-CSRF-Token"] = window.frappe.csrf_token; }
    errorBox.hidden = true;
    button.disabled = true;
    var label = button.textContent;
    button.textContent = button.getAttribute("data-sending");
    fetch("/api/method/moeen_helpdesk.api.surveys.submit", {
      method: "POST",
      headers: headers,
      credentials: "same-origin",
      body: JSON.stringify({ token: form.getAttribute("data-token"), answers: answers, via: form.getAttribute("data-via") || null, _lang: form.getAttribute("data-lang") })
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { return { ok: r.ok, data: data }; });
    }).then(function (res) {
      if (res.ok) {
        form.hidden = true;
        document.getElementById("survey-thanks").hidden = false;
        document.getElementById("moeen-survey").setAttribute("data-state", "answered");
      } else {
        errorBox.textContent = serverMessage(res.data);
        errorBox.hidden = false;
        button.disabled = false;
        button.textContent = label;
      }
    }).catch(function () {
      errorBox.textContent = fallback;
      errorBox.hidden = false;
      button.disabled = false;
      button.textContent = label;
    });
  });
})();
