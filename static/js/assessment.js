/* Taking a timed task: the clock, autosave, offline keeping, word counts, integrity signals.
 *
 * The server holds the deadline; this page only shows the time left, counted on the
 * browser's monotonic clock from the seconds the server gave and corrected after every save.
 * Answers save a couple of seconds after each change and at least every ten seconds while
 * something is unsaved. Until the server confirms a save, the answer is also kept in this
 * browser (localStorage), so a dropped connection or a closed tab loses nothing: it is sent
 * when the connection returns or the page is opened again.
 */
(function () {
  "use strict";

  const form = document.getElementById("answer-form");
  if (!form) return;

  const kind = form.dataset.kind;
  const saveUrl = form.dataset.saveUrl;
  const storageKey = "csa-portal-" + form.dataset.storageKey;
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const tab = window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
  const statusEl = document.getElementById("save-status");
  const DEBOUNCE_MS = 1500;
  const EVERY_MS = 10000;

  let seq = 0;
  let dirty = false;
  let saving = false;
  let again = false;
  let closed = false;
  let lastSaved = form.dataset.savedAt || "";
  let debounce = null;
  const events = [];

  function setStatus(text, isError) {
    if (!statusEl) return;
    statusEl.textContent = text;
    statusEl.classList.toggle("text-danger", Boolean(isError));
  }

  // --- the answer document -----------------------------------------------------------------

  function collect() {
    if (kind === "written_escalation") {
      const parts = {};
      form.querySelectorAll("textarea[name^='part-']").forEach((box) => {
        parts[box.name.slice(5)] = box.value;
      });
      return { parts: parts };
    }
    if (kind === "situational_quiz") {
      const choices = {};
      form.querySelectorAll("input[type=radio]:checked").forEach((radio) => {
        choices[radio.name.slice(2)] = radio.value;
      });
      return { choices: choices };
    }
    const turns = {};
    const choices = {};
    form.querySelectorAll("textarea[name^='turn-']").forEach((box) => {
      turns[box.name.slice(5)] = box.value;
    });
    form.querySelectorAll("input[name^='choice-']:checked").forEach((radio) => {
      choices[radio.name.slice(7)] = radio.value;
    });
    return { turns: turns, choices: choices };
  }

  function restore(answers) {
    if (kind === "written_escalation") {
      Object.entries(answers.parts || {}).forEach(([key, text]) => {
        const box = form.querySelector(`textarea[name="part-${CSS.escape(key)}"]`);
        if (box) box.value = text;
      });
    } else if (kind === "situational_quiz") {
      Object.entries(answers.choices || {}).forEach(([key, value]) => {
        const radio = form.querySelector(
          `input[name="q-${CSS.escape(key)}"][value="${CSS.escape(value)}"]`
        );
        if (radio) radio.checked = true;
      });
    } else {
      Object.entries(answers.turns || {}).forEach(([key, text]) => {
        const box = form.querySelector(`textarea[name="turn-${CSS.escape(key)}"]`);
        if (box) box.value = text;
      });
    }
  }

  // --- kept in the browser until the server has it ------------------------------------------

  function remember() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ base: lastSaved, answers: collect() }));
    } catch (full) {
      /* private mode or a full store: the server copy is all there is */
    }
  }

  function forget() {
    try {
      localStorage.removeItem(storageKey);
    } catch (unavailable) {
      /* nothing kept */
    }
  }

  function recoverUnsent() {
    let kept = null;
    try {
      kept = JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch (broken) {
      kept = null;
    }
    // Only an edit made on top of what the server still holds is newer than the server's copy.
    if (kept && kept.base === lastSaved && kept.answers) {
      restore(kept.answers);
      dirty = true;
      setStatus("Restored answers that had not reached us yet; sending them now.");
      schedule(0);
    } else {
      forget();
    }
  }

  // --- saving -----------------------------------------------------------------------------

  function schedule(delay) {
    window.clearTimeout(debounce);
    debounce = window.setTimeout(save, delay === undefined ? DEBOUNCE_MS : delay);
  }

  function changed() {
    if (closed) return;
    dirty = true;
    remember();
    schedule();
  }

  async function save() {
    if (closed || (!dirty && !events.length)) return;
    if (saving) {
      again = true;
      return;
    }
    saving = true;
    dirty = false;
    seq += 1;
    const sent = events.splice(0, events.length);
    const body = { tab: tab, seq: seq, answers: collect(), events: sent };
    try {
      const response = await fetch(saveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify(body),
      });
      const isJson = (response.headers.get("Content-Type") || "").includes("application/json");
      const data = isJson ? await response.json() : {};
      if (!isJson) {
        dirty = true;
        setStatus("You have been signed out. Sign in again from your email: your answers are kept on this device.", true);
      } else if (response.ok) {
        if (data.saved_at) lastSaved = data.saved_at;
        setStatus(data.saved_at ? "Saved at " + new Date(data.saved_at).toLocaleTimeString() : "Saved");
        if (!dirty) forget();
        else remember();
        clock.sync(data.seconds_left);
        document.dispatchEvent(new CustomEvent("assessment:saved", { detail: data }));
      } else if (response.status === 409) {
        finish(data.error || "This task is closed.");
      } else {
        dirty = true;
        setStatus(data.error || "Your last change was not saved. It is kept on this device.", true);
      }
    } catch (offline) {
      dirty = true;
      events.unshift(...sent);
      setStatus("Offline: your answers are kept on this device and will be sent when you are back online.", true);
    } finally {
      saving = false;
      if (again) {
        again = false;
        schedule(0);
      }
    }
  }

  function finish(message) {
    closed = true;
    forget();
    setStatus(message, true);
    form.querySelectorAll("textarea, input, button").forEach((field) => {
      if (field.name !== "csrfmiddlewaretoken") field.disabled = true;
    });
    const back = form.querySelector(".task-actions a");
    if (back) back.focus();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.setInterval(() => {
    if (dirty) save();
  }, EVERY_MS);
  window.addEventListener("online", () => {
    if (dirty || events.length) save();
  });

  // The Save button saves in place; Submit posts the whole form, which saves and submits.
  form.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (button && button.name === "save") {
      event.preventDefault();
      dirty = true;
      save();
      return;
    }
    closed = true;
    forget();
  });

  // A closing tab sends what is unsaved with the browser's beacon (a plain form post).
  window.addEventListener("pagehide", () => {
    if (!dirty || closed || !navigator.sendBeacon) return;
    const data = new FormData(form);
    data.append("beacon", "1");
    navigator.sendBeacon(saveUrl, data);
  });

  // --- integrity signals (advisory only) ----------------------------------------------------

  document.addEventListener("visibilitychange", () => {
    if (document.hidden && !closed) {
      events.push({ kind: "focus_lost" });
      schedule();
    }
  });
  form.addEventListener("paste", (event) => {
    const text = event.clipboardData ? event.clipboardData.getData("text") : "";
    events.push({ kind: "paste", detail: `${text.length} characters` });
  });

  // --- word counts ------------------------------------------------------------------------

  function countWords(box) {
    const out = form.querySelector(`[data-word-count-for="${box.id}"]`);
    if (!out) return;
    const words = (box.value.match(/\S+/g) || []).length;
    const min = Number(box.dataset.minWords || 0);
    const max = Number(box.dataset.maxWords || 0);
    let note = `${words} word${words === 1 ? "" : "s"}`;
    if (max && words > max) note += `: ${words - max} over the ${max}-word limit`;
    else if (min && words < min) note += ` (aim for ${min} to ${max})`;
    else if (max) note += ` of up to ${max}`;
    out.textContent = note;
    out.classList.toggle("text-danger", Boolean(max && words > max));
  }
  form.querySelectorAll("textarea[data-max-words]").forEach((box) => {
    countWords(box);
    box.addEventListener("input", () => countWords(box));
  });

  // --- the clock --------------------------------------------------------------------------

  const clock = (function () {
    const el = document.getElementById("task-clock");
    const text = document.getElementById("task-clock-text");
    const announcer = document.getElementById("task-clock-announcer");
    if (!el) return { sync: function () {} };
    let endsAt = performance.now() + Number(el.dataset.secondsLeft || 0) * 1000;
    let lastLeft = Number(el.dataset.secondsLeft || 0);
    let flushed = false;

    function label(left) {
      if (left <= 0) return "Time is up";
      if (left < 60) return `${left} second${left === 1 ? "" : "s"} left`;
      const minutes = Math.ceil(left / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"} left`;
    }

    function tick() {
      const left = Math.max(0, Math.round((endsAt - performance.now()) / 1000));
      text.textContent = label(left);
      el.classList.toggle("task-clock-low", left <= 300);
      [300, 60].forEach((mark) => {
        if (lastLeft > mark && left <= mark) announcer.textContent = `${mark / 60} minute${mark === 60 ? "" : "s"} left.`;
      });
      if (left <= 15 && !flushed) {
        flushed = true;
        if (dirty) save();
      }
      if (left <= 0 && lastLeft > 0 && !closed) {
        announcer.textContent = "Time is up.";
        finish("Time is up. Everything you saved has been submitted.");
      }
      lastLeft = left;
    }

    window.setInterval(tick, 1000);
    document.addEventListener("visibilitychange", tick);
    tick();
    return {
      sync: function (seconds) {
        if (typeof seconds === "number") endsAt = performance.now() + seconds * 1000;
      },
    };
  })();

  window.CsaAssessment = { save: save, changed: changed, setStatus: setStatus, form: form, csrf: csrf };
  recoverUnsent();
})();
