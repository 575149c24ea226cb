// Keyboard shortcuts for the study pages, and the time spent on each question.
(function () {
  "use strict";
  const page = document.querySelector("[data-page]");
  if (!page) return;
  const shownAt = Date.now();
  const form = document.getElementById("answer-form");
  if (form) {
    form.addEventListener("submit", function () {
      const field = form.querySelector("input[name=duration_ms]");
      if (field) field.value = String(Date.now() - shownAt);
    });
  }

  const NATIVE_KEYS = {" ": ["INPUT", "BUTTON", "A", "SUMMARY"], "Enter": ["BUTTON", "A", "SUMMARY"]};

  function optionIndex(key) {
    if (/^[1-5]$/.test(key)) return Number(key) - 1;
    if (/^[a-eA-E]$/.test(key)) return key.toLowerCase().charCodeAt(0) - 97;
    return -1;
  }

  function clickGrade(key) {
    const button = page.querySelector('.grades button[data-key="' + key + '"]');
    if (button && button.offsetParent !== null) { button.click(); return true; }
    return false;
  }

  // Flashcard and cloze: the back waits behind the Show answer button.
  const show = document.getElementById("show");
  const back = document.getElementById("back");
  function revealed() { return !back || !back.hidden; }
  function reveal() {
    back.hidden = false;
    show.hidden = true;
    show.setAttribute("aria-expanded", "true");
    back.focus();  // read the answer next; a grade is never pressed by a stray Enter
  }
  if (show && back) {
    back.hidden = true;
    show.hidden = false;
    show.addEventListener("click", reveal);
  }

  function onQuestion(event) {
    if (show && back) {  // flashcard or cloze: reveal, then grade 1–4
      if ((event.key === " " || event.key === "Enter") && !revealed()) { reveal(); return true; }
      return revealed() && clickGrade(event.key);
    }
    const index = optionIndex(event.key);
    const inputs = page.querySelectorAll(".options input");
    if (index >= 0 && index < inputs.length) {
      const input = inputs[index];
      input.checked = input.type === "radio" ? true : !input.checked;
      return true;
    }
    if (event.key === " " || event.key === "Enter") {
      if (form.reportValidity()) form.requestSubmit();
      return true;
    }
    return false;
  }

  function onResult(event) {
    if (event.key === " " || event.key === "Enter") {
      document.getElementById("continue").click();
      return true;
    }
    return clickGrade(event.key);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && (target.tagName === "SELECT" || target.tagName === "TEXTAREA")) return;
    if (target && target.tagName === "INPUT" && target.type === "text" && event.key !== "Enter") return;
    // A focused control keeps its own Space and Enter: a keyboard user ticks a radio with Space
    // and follows a link with Enter; the shortcuts are for when nothing is focused.
    if (target && (NATIVE_KEYS[event.key] || []).includes(target.tagName)) return;
    const handled = page.dataset.page === "question" ? onQuestion(event)
      : page.dataset.page === "result" ? onResult(event) : false;
    if (handled) event.preventDefault();
  });
  document.body.dataset.keys = "ready";  // lets automated tests wait for the shortcuts
})();
