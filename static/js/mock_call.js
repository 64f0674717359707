/* The practice call: the customer's turns one at a time, read aloud where the browser can,
 * and the candidate's answer to each, spoken (MediaRecorder, uploaded when the turn ends) or
 * typed. The next turn comes from the server once the current one is answered, so the
 * script is never on the page ahead of the candidate.
 */
(function () {
  "use strict";

  const base = window.CsaAssessment;
  const form = document.getElementById("answer-form");
  const list = document.getElementById("call-turns");
  const template = document.getElementById("turn-template");
  if (!base || !form || !list || !template) return;

  const audioUrl = form.dataset.audioUrl;
  const voiceAllowed =
    form.dataset.voice === "on" &&
    navigator.mediaDevices &&
    navigator.mediaDevices.getUserMedia &&
    window.MediaRecorder;
  const canSpeak = "speechSynthesis" in window;

  // --- the customer's voice -----------------------------------------------------------------

  function speak(turn) {
    if (!canSpeak) return;
    const words = turn.querySelector(".call-customer-text").textContent;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(new SpeechSynthesisUtterance(words));
  }

  // --- recording an answer --------------------------------------------------------------------

  let recorder = null;
  let chunks = [];

  async function toggleRecording(turn) {
    const button = turn.querySelector(".call-record");
    const label = turn.querySelector(".call-record-label");
    const status = turn.querySelector(".call-voice-status");
    if (recorder && recorder.state === "recording") {
      recorder.stop();
      return;
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (refused) {
      status.textContent = "The microphone is not available, so type your answer instead.";
      turn.querySelector(".call-voice").hidden = true;
      return;
    }
    chunks = [];
    recorder = new MediaRecorder(stream);
    recorder.addEventListener("dataavailable", (event) => {
      if (event.data && event.data.size) chunks.push(event.data);
    });
    recorder.addEventListener("stop", async () => {
      stream.getTracks().forEach((track) => track.stop());
      button.classList.remove("active");
      button.setAttribute("aria-pressed", "false");
      label.textContent = "Record again";
      const type = (recorder.mimeType || "audio/webm").split(";")[0];
      const blob = new Blob(chunks, { type: type });
      await upload(turn, blob, type);
    });
    recorder.start();
    button.classList.add("active");
    button.setAttribute("aria-pressed", "true");
    label.textContent = "Stop recording";
    status.textContent = "Recording… press Stop when you have answered.";
  }

  async function upload(turn, blob, type) {
    const status = turn.querySelector(".call-voice-status");
    status.textContent = "Sending your answer…";
    const data = new FormData();
    const extension = type.includes("ogg") ? "ogg" : type.includes("mp4") ? "m4a" : "webm";
    data.append("audio", blob, `answer.${extension}`);
    data.append("csrfmiddlewaretoken", base.csrf);
    try {
      const response = await fetch(audioUrl.replace("TURN", turn.dataset.turn), {
        method: "POST",
        credentials: "same-origin",
        body: data,
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        status.textContent = body.error || "The recording was not saved. Try again, or type it.";
        return;
      }
      status.textContent = "Your spoken answer is saved. You can record it again.";
      showTurns(body.turns || []);
    } catch (offline) {
      status.textContent =
        "You are offline, so the recording could not be sent. Type your answer: typed answers are kept on this device until you are back online.";
    }
  }

  // --- turns ---------------------------------------------------------------------------------

  function prepare(turn) {
    const speakButton = turn.querySelector(".call-speak");
    if (canSpeak && speakButton) {
      speakButton.hidden = false;
      speakButton.addEventListener("click", () => speak(turn));
    }
    if (voiceAllowed) {
      const voice = turn.querySelector(".call-voice");
      voice.hidden = false;
      const record = turn.querySelector(".call-record");
      record.setAttribute("aria-pressed", "false");
      record.addEventListener("click", () => toggleRecording(turn));
    }
  }

  function build(data) {
    const turn = template.content.firstElementChild.cloneNode(true);
    turn.dataset.turn = data.key;
    turn.querySelector(".call-customer-text").textContent = data.text;
    const box = turn.querySelector(".call-text");
    box.name = `turn-${data.key}`;
    box.id = `turn-${data.key}`;
    turn.querySelector("label.form-label").htmlFor = box.id;
    if (data.branches && data.branches.length) {
      const set = document.createElement("fieldset");
      set.className = "mt-2 call-branches";
      const legend = document.createElement("legend");
      legend.className = "small fw-semibold mb-1";
      legend.textContent = "How do you proceed?";
      set.appendChild(legend);
      data.branches.forEach((branch, n) => {
        const row = document.createElement("div");
        row.className = "form-check";
        const radio = document.createElement("input");
        radio.className = "form-check-input";
        radio.type = "radio";
        radio.name = `choice-${data.key}`;
        radio.id = `choice-${data.key}-${n + 1}`;
        radio.value = branch.next;
        const label = document.createElement("label");
        label.className = "form-check-label";
        label.htmlFor = radio.id;
        label.textContent = branch.label;
        row.append(radio, label);
        set.appendChild(row);
      });
      turn.querySelector(".call-answer").appendChild(set);
    }
    prepare(turn);
    return turn;
  }

  function showTurns(turns) {
    let newest = null;
    turns.forEach((data) => {
      if (list.querySelector(`[data-turn="${CSS.escape(data.key)}"]`)) return;
      newest = build(data);
      list.appendChild(newest);
    });
    const last = turns[turns.length - 1];
    if (newest) {
      newest.querySelector(".call-text").focus();
      speak(newest);
    } else if (last && last.answered) {
      base.setStatus("That is the end of the call. Submit the task when you are ready.");
    }
  }

  list.querySelectorAll(".call-turn").forEach(prepare);
  const note = document.querySelector(".call-mode-note");
  if (note && voiceAllowed) note.hidden = false;
  document.addEventListener("assessment:saved", (event) => showTurns(event.detail.turns || []));
  const first = list.querySelector(".call-turn:last-child");
  if (first && !first.querySelector(".call-text").value) speak(first);
})();
