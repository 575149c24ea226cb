// The question editor: show the fields of the chosen type, and while the author types, ask the
// server for the preview and the item-writing findings (nothing is stored until Save or Publish).
(function () {
  "use strict";
  var form = document.getElementById("editor");
  if (!form) { return; }
  var typeSelect = form.querySelector("#type");
  var preview = document.getElementById("preview");
  var timer = null;

  function showFieldsOfType() {
    var chosen = typeSelect.value;
    form.querySelectorAll("[data-types]").forEach(function (el) {
      el.hidden = el.getAttribute("data-types").split(" ").indexOf(chosen) < 0;
    });
  }

  function fill(listId, items, prefix) {
    var list = document.getElementById(listId);
    if (!list) { return; }
    list.textContent = "";
    (items || []).forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = prefix + text;
      list.appendChild(li);
    });
    list.hidden = !items || items.length === 0;
  }

  // What is still missing is said next to a field only once the author has been there.
  var touched = {};

  function show(result) {
    form.querySelectorAll("ul.findings, ul.errors").forEach(function (list) {
      list.textContent = "";
      list.hidden = true;
    });
    Object.keys(result.findings || {}).forEach(function (name) {
      fill("findings-" + name, result.findings[name], "Item-writing: ");
    });
    var todo = [];
    Object.keys(result.errors || {}).forEach(function (name) {
      if (touched[name]) { fill("errors-" + name, result.errors[name], ""); }
      todo = todo.concat(result.errors[name]);
    });
    if (result.preview) {
      // Rendered by the server from Markdown and sanitized with nh3: safe to insert.
      preview.innerHTML = result.preview;
      return;
    }
    preview.textContent = "";
    var intro = document.createElement("p");
    intro.className = "muted";
    intro.textContent = "The preview appears once the question is complete. Still to do:";
    var list = document.createElement("ul");
    todo.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      list.appendChild(li);
    });
    preview.appendChild(intro);
    preview.appendChild(list);
  }

  function check() {
    fetch(form.getAttribute("data-check"), {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (result) {
      if (result) { show(result); }
    }).catch(function () { /* offline: the checks run again on save */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  }

  function insertAtCursor(field, text) {
    var start = field.selectionStart || field.value.length;
    field.value = field.value.slice(0, start) + text + field.value.slice(start);
    field.focus();
    later();
  }

  var upload = document.getElementById("image-upload");
  if (upload) {
    upload.addEventListener("submit", function (event) {
      event.preventDefault();
      var status = document.getElementById("image-status");
      status.textContent = "Uploading…";
      fetch(upload.action, {
        method: "POST",
        body: new FormData(upload),
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().catch(function () { return { error: "The upload was refused." }; });
      }).then(function (result) {
        if (result.error) { status.textContent = result.error; return; }
        var target = typeSelect.value === "vignette" ? form.querySelector("#stem") : form.querySelector("#prompt");
        insertAtCursor(target, "\n\n" + result.markdown + "\n");
        status.textContent = "Image added to the " + (target.id === "stem" ? "case" : "question") + ".";
      });
    });
  }

  typeSelect.addEventListener("change", function () { showFieldsOfType(); later(); });
  form.addEventListener("input", function (event) {
    var name = (event.target.name || "").replace(/-\d+-\w+$/, "");  // options-2-text: options
    touched[name] = true;
    later();
  });
  // After a refused save, the server's messages stand until the field is changed.
  form.querySelectorAll("ul.errors:not([hidden])").forEach(function (list) {
    touched[list.id.replace("errors-", "")] = true;
  });
  showFieldsOfType();
  check();
})();
