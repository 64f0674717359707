// The pipeline board. Moves are sent by htmx (see the card forms); without JavaScript the same
// forms post normally and the page reloads.

// A refused move (400) or one that lost a race (409) still answers with the current board and
// a message: show it rather than leaving the page as it was.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if ((status === 400 || status === 409) && event.detail.target?.id === "pipeline-columns") {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// After a move the columns are redrawn; put keyboard focus on the moved card's link so a
// keyboard or screen-reader user carries on from where they were.
document.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.target?.id !== "pipeline-columns") {
    return;
  }
  const moved = document.querySelector("#pipeline-columns [data-focus-after-swap] a");
  if (moved) {
    moved.focus();
  }
});
