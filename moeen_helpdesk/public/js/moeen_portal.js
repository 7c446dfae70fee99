/* Moeen portal: small vanilla script of every /moeen page (public/js, served from /assets/moeen_helpdesk/js).
 * Texts go through __(): the page ships their translations (window.moeen.messages, from
 * moeen_helpdesk.portal.pages.js_messages) for the page language. */
(function () {
  "use strict";
  var M = window.moeen || (window.moeen = {});
  var messages = M.messages || {};
  var lang = M.lang || document.documentElement.lang || "ar";
  var upload = M.upload || { max_mb: 10, extensions: ["pdf", "png", "jpg", "jpeg", "docx", "xlsx", "txt"] };
  var API = "/api/method/moeen_helpdesk.api.portal.";

  function __(text, args) {
    var out = messages[text] || text;
    if (args) {
      out = out.replace(/\{(\d+)\}/g, function (m, i) { return args[i] !== undefined ? String(args[i]) : m; });
    }
    return out;
  }
  M.__ = __;

  function headers(json) {
    var h = { "Accept": "application/json", "X-Frappe-CSRF-Token": (window.frappe && window.frappe.csrf_token) || "" };
    if (json) { h["Content-Type"] = "application/json"; }
    return h;
  }

  function plain(htmlText) {
    var div = document.createElement("div");
    div.innerHTML = htmlText;
    return (div.textContent || "").trim();
  }

  function serverMessage(data) {
    var fallback = __("Something went wrong. Please try again.");
    try {
      var list = JSON.parse((data && data._server_messages) || "[]");
      if (list.length) {
        var last = JSON.parse(list[list.length - 1]);
        return plain(last.message || "") || fallback;
      }
    } catch (e) { /* fall through */ }
    if (data && data.exception) {
      var text = String(data.exception).split(": ").slice(1).join(": ");
      return plain(text) || fallback;
    }
    return fallback;
  }

  function handle(response) {
    return response.json().catch(function () { return {}; }).then(function (data) {
      if (!response.ok) {
        if (response.status === 413) { throw new Error(__("The file is too large")); }
        throw new Error(serverMessage(data));
      }
      return data.message;
    });
  }

  function call(method, args) {
    var body = Object.assign({ _lang: lang }, args || {});
    var url = method.indexOf(".") < 0 ? API + method : "/api/method/" + method;  // another API module of the app
    return fetch(url, {
      method: "POST", credentials: "same-origin", headers: headers(true), body: JSON.stringify(body)
    }).then(handle, function () { throw new Error(__("Could not reach the server. Check your connection and try again.")); });
  }
  M.call = call;

  function extensionOf(name) {
    var i = name.lastIndexOf(".");
    return i < 0 ? "" : name.slice(i + 1).toLowerCase();
  }

  function fileProblem(file) {
    if (upload.extensions.indexOf(extensionOf(file.name)) < 0) {
      return __("{0}: this type of file cannot be attached", [file.name]);
    }
    if (file.size > upload.max_mb * 1024 * 1024) {
      return __("{0} is larger than {1} MB", [file.name, upload.max_mb]);
    }
    return null;
  }

  function uploadFile(file, ticket) {
    var data = new FormData();
    data.append("file", file, file.name);
    data.append("doctype", "HD Ticket");
    data.append("docname", ticket);
    data.append("is_private", "1");
    data.append("_lang", lang);
    return fetch("/api/method/upload_file", {
      method: "POST", credentials: "same-origin", headers: headers(false), body: data
    }).then(handle, function () { throw new Error(__("Could not reach the server. Check your connection and try again.")); });
  }

  function uploadAll(files, ticket) {
    var failed = [];
    var chain = Promise.resolve();
    files.forEach(function (file) {
      chain = chain.then(function () {
        return uploadFile(file, ticket).catch(function (err) { failed.push(file.name + ": " + err.message); });
      });
    });
    return chain.then(function () { return failed; });
  }

  function showMessage(box, text, kind) {
    if (!box) { return; }
    box.className = "message " + (kind || "error");
    box.textContent = text;
    box.hidden = false;
    box.setAttribute("tabindex", "-1");
    box.focus();
  }

  function busy(button, on) {
    if (!button) { return; }
    if (on) {
      button.setAttribute("data-label", button.textContent);
      button.textContent = __("Sending…");
      button.disabled = true;
    } else {
      button.textContent = button.getAttribute("data-label") || button.textContent;
      button.disabled = false;
    }
  }

  function labelOf(el) {
    var label = el.id ? document.querySelector("label[for='" + el.id + "']") : null;
    return label ? label.textContent.replace("*", "").trim() : (el.name || "");
  }

  /* Required fields and attachments, checked before anything is sent (the server checks again). */
  function checkForm(form, box) {
    var missing = [];
    var first = null;
    form.querySelectorAll("[required]").forEach(function (el) {
      var empty = !String(el.value || "").trim();
      el.setAttribute("aria-invalid", empty ? "true" : "false");
      if (empty) { missing.push(labelOf(el)); first = first || el; }
    });
    if (missing.length) {
      showMessage(box, __("Please fill in: {0}", [missing.join(lang === "ar" ? "، " : ", ")]));
      first.focus();
      return null;
    }
    var input = form.querySelector("input[type=file]");
    var files = input ? Array.prototype.slice.call(input.files || []) : [];
    var problems = files.map(fileProblem).filter(Boolean);
    if (problems.length) {
      input.setAttribute("aria-invalid", "true");
      showMessage(box, problems.join(" "));
      input.focus();
      return null;
    }
    if (input) { input.setAttribute("aria-invalid", "false"); }
    return files;
  }

  /* a field marked invalid is cleared as soon as it is edited */
  document.addEventListener("input", function (ev) {
    if (ev.target && ev.target.getAttribute && ev.target.getAttribute("aria-invalid") === "true") {
      ev.target.setAttribute("aria-invalid", "false");
    }
  });

  /* ---- language switch: remember the choice, then follow the link (works without script too) */
  document.querySelectorAll("[data-set-lang]").forEach(function (link) {
    link.addEventListener("click", function (ev) {
      ev.preventDefault();
      var go = function () { window.location.href = link.href; };
      call("set_language", { lang: link.getAttribute("data-set-lang") }).then(go, go);
    });
  });

  /* ---- request form */
  var requestForm = document.getElementById("request-form");
  if (requestForm) {
    requestForm.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var box = document.getElementById("form-message");
      var button = requestForm.querySelector("button[type=submit]");
      var files = checkForm(requestForm, box);
      if (!files) { return; }
      var fields = {};
      requestForm.querySelectorAll("[data-field-key]").forEach(function (el) {
        if (String(el.value || "").trim()) { fields[el.getAttribute("data-field-key")] = el.value; }
      });
      busy(button, true);
      box.hidden = true;
      call("request", {
        service: requestForm.getAttribute("data-service"),
        subject: requestForm.elements.subject.value,
        description: requestForm.elements.description.value,
        fields: fields
      }).then(function (ticket) {
        return uploadAll(files, ticket.name).then(function (failed) {
          var target = ticket.url + "&created=1" + (lang ? "&lang=" + lang : "");
          if (!failed.length) { window.location.href = target; return; }
          busy(button, false);
          requestForm.querySelectorAll("input, textarea, select, button").forEach(function (el) { el.disabled = true; });
          showMessage(box, __("Your ticket #{0} was created, but some files were not attached:", [ticket.name]) + " " +
            failed.join(" ") + " " + __("You can attach them from the ticket page."));
          var link = document.createElement("a");
          link.href = target;
          link.textContent = __("Open ticket #{0}", [ticket.name]);
          box.appendChild(document.createTextNode(" "));
          box.appendChild(link);
        });
      }).catch(function (err) {
        busy(button, false);
        showMessage(box, err.message);
      });
    });
  }

  /* ---- ticket page: reply (files first, then the message), close, reopen */
  var replyForm = document.getElementById("reply-form");
  if (replyForm) {
    replyForm.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var box = document.getElementById("reply-message");
      var button = replyForm.querySelector("button[type=submit]");
      var files = checkForm(replyForm, box);
      if (!files) { return; }
      var ticket = replyForm.getAttribute("data-ticket");
      busy(button, true);
      box.hidden = true;
      uploadAll(files, ticket).then(function (failed) {
        if (failed.length) { throw new Error(__("Some files were not attached:") + " " + failed.join(" ")); }
        return call("reply", { name: ticket, message: replyForm.elements.message.value });
      }).then(function () {
        window.location.reload();
      }).catch(function (err) {
        busy(button, false);
        showMessage(box, err.message);
      });
    });
  }

  document.querySelectorAll("[data-action]").forEach(function (button) {
    button.addEventListener("click", function () {
      var action = button.getAttribute("data-action");
      var question = action === "close"
        ? __("Close this ticket? You will not be able to reply to it afterwards.")
        : __("Reopen this ticket?");
      if (!window.confirm(question)) { return; }
      var box = document.getElementById("action-message");
      busy(button, true);
      call(action, { name: button.getAttribute("data-ticket") }).then(function () {
        window.location.reload();
      }).catch(function (err) {
        busy(button, false);
        showMessage(box, err.message);
      });
    });
  });

  /* ---- request form: knowledge articles for the subject being typed (moeen_helpdesk.api.knowledge);
   * "this solved my problem" records it and sends no request */
  var subjectInput = document.getElementById("subject");
  var suggestions = document.getElementById("article-suggestions");
  if (requestForm && subjectInput && suggestions) {
    var KB = "moeen_helpdesk.api.knowledge.";
    var service = requestForm.getAttribute("data-service");
    var list = document.getElementById("suggestion-list");
    var view = document.getElementById("article-view");
    var current = null;
    var timer = null;
    var asked = "";
    var seq = 0;

    var showList = function (articles) {
      list.textContent = "";
      articles.forEach(function (a) {
        var item = document.createElement("li");
        var open = document.createElement("button");
        open.type = "button";
        open.className = "suggestion";
        open.setAttribute("data-article", a.name);
        open.appendChild(document.createTextNode(a.title));
        if (a.summary) {
          var small = document.createElement("small");
          small.textContent = a.summary;
          open.appendChild(small);
        }
        open.addEventListener("click", function () { openArticle(a.name); });
        item.appendChild(open);
        list.appendChild(item);
      });
      suggestions.hidden = !articles.length && view.hidden;
    };

    var ask = function () {
      var subject = subjectInput.value.trim();
      if (subject === asked) { return; }
      asked = subject;
      var mine = ++seq;
      if (subject.length < 3) { showList([]); return; }
      call(KB + "suggest_articles", { service: service, subject: subject }).then(function (r) {
        if (mine === seq) { showList((r && r.articles) || []); }
      }, function () { /* suggestions are a help only: the form works without them */ });
    };

    var openArticle = function (name) {
      call(KB + "open_article", { service: service, article: name }).then(function (a) {
        current = a.name;
        document.getElementById("article-title").textContent = a.title;
        document.getElementById("article-content").innerHTML = a.content_html;  // sanitised on the server
        view.hidden = false;
        suggestions.hidden = false;
        view.focus();
      }).catch(function (err) { showMessage(document.getElementById("form-message"), err.message); });
    };

    subjectInput.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 400);
    });

    document.getElementById("article-solved").addEventListener("click", function () {
      var button = this;
      if (!current) { return; }
      busy(button, true);
      call(KB + "article_solved", { service: service, article: current }).then(function (r) {
        busy(button, false);
        view.hidden = true;
        suggestions.hidden = true;
        showMessage(document.getElementById("deflected-message"), r.message, "success");
      }).catch(function (err) {
        busy(button, false);
        showMessage(document.getElementById("form-message"), err.message);
      });
    });

    document.getElementById("article-not-solved").addEventListener("click", function () {
      view.hidden = true;
      current = null;
      suggestions.hidden = !list.children.length;
      (requestForm.elements.description || subjectInput).focus();
    });
  }
})();
