// A block question: the clock (time used, countdown and auto-submit in timed mode), answers saved
// as they are picked, strike-out, highlighting and keyboard answering. Without script the forms
// still work; the clock then counts only what the server saw.
(function () {
  "use strict";
  const page = document.querySelector("[data-page=block]");
  if (!page) return;
  const form = document.getElementById("block-form");
  const finish = document.getElementById("finish-form");
  const csrf = document.querySelector("meta[name=csrf-token]").content;
  const mode = page.dataset.mode;
  const timed = page.dataset.timeLeft !== "";
  const usedAtLoad = Number(page.dataset.timeUsed || 0);
  const leftAtLoad = Number(page.dataset.timeLeft || 0);
  const loadedAt = Date.now();
  const clock = document.getElementById("clock");
  let submitting = false;

  function used() { return usedAtLoad + (Date.now() - loadedAt); }

  function stampTime() {
    document.querySelectorAll("input[name=time_used_ms]").forEach(function (input) {
      input.value = String(timed ? Math.min(used(), usedAtLoad + leftAtLoad) : used());
    });
  }

  function post(url, fields) {
    const body = new FormData();
    body.append("csrf_token", csrf);
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    return fetch(url, {method: "POST", body: body, headers: {"X-Requested-With": "fetch"}, credentials: "same-origin"});
  }

  function submitBlock() {
    if (submitting || !finish) return;
    submitting = true;
    stampTime();
    finish.submit();
  }

  function tick() {
    stampTime();
    if (!timed || !clock) return;
    const left = Math.max(0, leftAtLoad - (Date.now() - loadedAt));
    const seconds = Math.ceil(left / 1000);
    clock.textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    if (left <= 0) submitBlock();
  }

  function beat() {
    if (!finish || submitting) return;
    post(page.dataset.timeUrl, {time_used_ms: String(used())}).then(function (response) {
      if (response.status === 409) submitBlock();
    }).catch(function () { /* offline: the next beat or answer carries the time */ });
  }

  if (finish) {
    setInterval(tick, 1000);
    setInterval(beat, 10000);
    window.addEventListener("pagehide", function () {
      if (submitting) return;
      const body = new FormData();
      body.append("csrf_token", csrf);
      body.append("time_used_ms", String(used()));
      navigator.sendBeacon(page.dataset.timeUrl, body);
    });
    document.querySelectorAll("form").forEach(function (f) { f.addEventListener("submit", stampTime); });
    finish.addEventListener("submit", function () { submitting = true; });
  }

  // Timed and untimed answers are saved the moment they are picked; tutor answers on Submit.
  if (form && mode !== "tutor") {
    form.addEventListener("change", function (event) {
      if (event.target.name !== "choice") return;
      stampTime();
      const body = new FormData(form);
      body.set("go", "stay");
      fetch(form.action, {method: "POST", body: body, headers: {"X-Requested-With": "fetch"}})
        .then(function (response) { if (response.status === 409) submitBlock(); })
        .catch(function () { /* kept in the form: saved again with Next */ });
    });
  }

  function toggleStrike(button) {
    const option = button.closest(".option");
    const struck = option.classList.toggle("struck");
    button.setAttribute("aria-pressed", struck ? "true" : "false");
    post(button.formAction, {option: button.value});
  }

  document.querySelectorAll("button.strike").forEach(function (button) {
    button.addEventListener("click", function (event) { event.preventDefault(); toggleStrike(button); });
  });

  // Highlights live in this browser only (localStorage), keyed by block and question.
  const store = "block-highlights:" + page.dataset.block + ":" + location.pathname;
  const stem = document.getElementById("stem") || document.getElementById("lead-in");

  function highlight(text) {
    if (!stem || !text) return;
    const walker = document.createTreeWalker(stem, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(text);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      const mark = document.createElement("mark");
      range.surroundContents(mark);
      return;
    }
  }

  function saved() { try { return JSON.parse(localStorage.getItem(store) || "[]"); } catch (e) { return []; } }
  saved().forEach(highlight);

  function highlightSelection() {
    const text = String(window.getSelection() || "").trim();
    if (!text || !stem || !stem.contains(window.getSelection().anchorNode)) return false;
    highlight(text);
    localStorage.setItem(store, JSON.stringify(saved().concat([text])));
    window.getSelection().removeAllRanges();
    return true;
  }

  function optionIndex(key) {
    if (/^[1-9]$/.test(key)) return Number(key) - 1;
    if (/^[a-fA-F]$/.test(key)) return key.toLowerCase().charCodeAt(0) - 97;
    return -1;
  }

  function click(selector) {
    const button = document.querySelector(selector);
    if (button && !button.disabled) { button.click(); return true; }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && (target.tagName === "SELECT" || target.tagName === "TEXTAREA")) return;
    if (target && target.tagName === "INPUT" && target.type === "text") return;  // typing an answer
    const options = document.querySelectorAll(".options .option");
    const index = optionIndex(event.key);
    let handled = false;
    if (index >= 0 && index < options.length) {
      if (event.shiftKey) {
        const strike = options[index].querySelector("button.strike");
        if (strike) { toggleStrike(strike); handled = true; }
      } else {
        const input = options[index].querySelector("input");
        if (input && !input.disabled) {
          input.checked = input.type === "radio" ? true : !input.checked;
          input.dispatchEvent(new Event("change", {bubbles: true}));
          handled = true;
        }
      }
    } else if (event.key === "n" || event.key === "N") {
      handled = click("button[name=go][value=next]");
    } else if (event.key === "p" || event.key === "P") {
      handled = click("button[name=go][value=previous]");
    } else if (event.key === "m" || event.key === "M") {
      handled = click("button.mark");
    } else if (event.key === "h" || event.key === "H") {
      handled = highlightSelection();
    }
    if (handled) event.preventDefault();
  });
  document.body.dataset.keys = "ready";
})();
