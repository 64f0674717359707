// The pipeline board. Moves are sent by htmx (see the card forms); without JavaScript the same
// forms post normally and the page reloads, and the bulk panel shows every field.
// With it: each card gets a handle that moves it a stage left or right with the arrow keys,
// cards can be dragged to a column, the bulk panel shows only the chosen action's fields and
// counts the selection, and a cue says when the columns scroll sideways.

const board = () => document.getElementById("pipeline-columns");
const status = (text) => {
  const region = document.getElementById("pipeline-status");
  if (region) {
    region.textContent = text;
  }
};
let focusHandleAfterSwap = false;
let selectedBeforeSwap = [];

// --- moving a card ------------------------------------------------------------------------------

function stageOrder() {
  return (board()?.dataset.stageOrder || "").split(",").filter(Boolean);
}

function moveCard(card, toStage) {
  const form = card.querySelector("form.card-move");
  const select = form?.querySelector("select");
  if (!select || !toStage || toStage === card.dataset.stage) {
    return;
  }
  select.value = toStage;
  if (select.value !== toStage) {
    return; // not a stage this card can move to
  }
  form.requestSubmit();
}

function onHandleKey(event) {
  if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") {
    return;
  }
  event.preventDefault();
  const card = event.target.closest(".pipeline-card");
  const order = stageOrder();
  const here = order.indexOf(card.dataset.stage);
  const next = order[here + (event.key === "ArrowRight" ? 1 : -1)];
  if (here < 0 || next === undefined) {
    status(event.key === "ArrowRight" ? "Already at the last stage." : "Already at the first stage.");
    return;
  }
  focusHandleAfterSwap = true;
  moveCard(card, next);
}

function enableDragging(root) {
  root.querySelectorAll(".pipeline-card").forEach((card) => {
    if (!card.querySelector("[data-move-handle]")) {
      return;
    }
    card.draggable = true;
    card.addEventListener("dragstart", (event) => {
      event.dataTransfer.setData("text/plain", card.id);
      event.dataTransfer.effectAllowed = "move";
      card.classList.add("is-dragging");
    });
    card.addEventListener("dragend", () => card.classList.remove("is-dragging"));
  });
  root.querySelectorAll(".pipeline-column").forEach((column) => {
    column.addEventListener("dragover", (event) => {
      event.preventDefault();
      column.classList.add("is-drop-target");
    });
    column.addEventListener("dragleave", () => column.classList.remove("is-drop-target"));
    column.addEventListener("drop", (event) => {
      event.preventDefault();
      column.classList.remove("is-drop-target");
      const card = document.getElementById(event.dataTransfer.getData("text/plain"));
      if (card) {
        moveCard(card, column.dataset.stage);
      }
    });
  });
}

// --- the bulk panel -----------------------------------------------------------------------------

function selectedBoxes() {
  return [...document.querySelectorAll('input[name="applications"][form="bulk-form"]:checked')];
}

function countSelection() {
  const count = selectedBoxes().length;
  const badge = document.querySelector("[data-selection-count]");
  if (badge) {
    badge.hidden = false;
    badge.textContent = `${count} selected`;
  }
  const submit = document.querySelector("#bulk-form [data-bulk-submit]");
  if (submit) {
    submit.textContent = count ? `Apply to ${count} selected` : "Apply to selected";
  }
}

function showActionFields() {
  const form = document.getElementById("bulk-form");
  if (!form) {
    return;
  }
  const action = form.querySelector('input[name="action"]:checked')?.value || "";
  form.querySelectorAll("[data-bulk-fields]").forEach((group) => {
    const shown = group.dataset.bulkFields.split(" ").includes(action);
    group.hidden = !shown;
    // A hidden field is not sent, so it can neither fail nor change anything.
    group.querySelectorAll("input, select, textarea").forEach((field) => {
      field.disabled = !shown;
    });
  });
}

// --- the sideways-scroll cue --------------------------------------------------------------------

function updateScrollCue() {
  const columns = board();
  const cue = document.getElementById("board-scroll-cue");
  if (!columns || !cue) {
    return;
  }
  const overflows = columns.scrollWidth > columns.clientWidth + 1;
  cue.hidden = !overflows;
  columns.classList.toggle("is-scrollable", overflows);
}

// --- wiring ---------------------------------------------------------------------------------------

function enhance(root) {
  root.querySelectorAll("[data-move-handle]").forEach((handle) => {
    handle.hidden = false;
    handle.addEventListener("keydown", onHandleKey);
  });
  if (root.querySelector("[data-move-handle]")) {
    const help = document.getElementById("board-keys-help");
    if (help) {
      help.hidden = false;
    }
  }
  enableDragging(root);
  selectedBeforeSwap.forEach((id) => {
    const box = document.getElementById(id);
    if (box) {
      box.checked = true;
    }
  });
  selectedBeforeSwap = [];
  countSelection();
  updateScrollCue();
}

document.addEventListener("DOMContentLoaded", () => {
  enhance(document);
  showActionFields();
  document.getElementById("bulk-form")?.addEventListener("change", showActionFields);
  document.addEventListener("change", (event) => {
    if (event.target.matches('input[name="applications"]')) {
      countSelection();
    }
  });
  window.addEventListener("resize", updateScrollCue);
});

// A refused move (400) or one that lost a race (409) still answers with the current board and
// a message: show it rather than leaving the page as it was.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.target?.id !== "pipeline-columns") {
    return;
  }
  const code = event.detail.xhr.status;
  if (code === 400 || code === 409) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
  // The redrawn columns come without this page's ticks: put them back.
  selectedBeforeSwap = selectedBoxes().map((box) => box.id);
});

// After a move the columns are redrawn; put keyboard focus on the moved card (its handle when
// the move came from the keyboard, so the arrows carry on) for keyboard and screen-reader users.
// (The out-of-band status message settles too, first: wait for the columns themselves.)
document.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.elt?.id !== "pipeline-columns") {
    return;
  }
  enhance(board());
  const moved = document.querySelector("#pipeline-columns [data-focus-after-swap]");
  const target = focusHandleAfterSwap ? moved?.querySelector("[data-move-handle]") : null;
  (target || moved?.querySelector("a"))?.focus();
  focusHandleAfterSwap = false;
});
