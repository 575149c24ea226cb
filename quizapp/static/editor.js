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

  function show(result) {
    form.querySelectorAll("ul.findings, ul.errors").forEach(function (list) {
      list.textContent = "";
      list.hidden = true;
    });
    Object.keys(result.findings || {}).forEach(function (name) {
      fill("findings-" + name, result.findings[name], "Item-writing: ");
    });
    Object.keys(result.errors || {}).forEach(function (name) {
      fill("errors-" + name, result.errors[name], "");
    });
    // The server rendered the preview from sanitized Markdown (nh3); it is safe to insert.
    preview.innerHTML = result.preview ||
      '<p class="muted">The preview appears once the question is complete.</p>';
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
  form.addEventListener("input", later);
  showFieldsOfType();
  check();
})();
