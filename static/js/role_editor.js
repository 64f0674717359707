// The role editor's ordered sections (responsibilities, qualifications, measures, career path,
// screening questions): add, move and remove rows without a round trip.
//
// Without this script every row has an "Order" number and a "Remove" tick, and saving applies
// them. The script keeps those same fields as the source of truth: it hides them, offers
// buttons instead, ticks "Remove" for a removed row and numbers the rows in their on-screen
// order when the form is sent. The server cannot tell the two apart.

(() => {
  const editor = document.querySelector("form[data-role-editor]");
  if (!editor) {
    return;
  }
  const status = editor.querySelector("[data-formset-status]");

  const capitalise = (text) => text.charAt(0).toUpperCase() + text.slice(1);

  // Polite announcements; clearing first makes a repeated message be read again.
  const announce = (message) => {
    status.textContent = "";
    window.setTimeout(() => {
      status.textContent = message;
    }, 50);
  };

  const orderInput = (row) => row.querySelector("[data-row-order]");
  const removeInput = (row) => row.querySelector("[data-row-remove]");
  const rowIndex = (row) => Number(orderInput(row).name.split("-").at(-2));

  // The fields a person fills in: not the order, the remove tick or the hidden ids.
  const dataFields = (row) => [...row.querySelectorAll("input, select, textarea")].filter(
    (field) => field.type !== "hidden" && !field.matches("[data-row-order], [data-row-remove]"),
  );

  const changedFromDefault = (field) => {
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.tagName === "SELECT") {
      return [...field.options].some((option) => option.selected !== option.defaultSelected);
    }
    return field.value !== field.defaultValue;
  };

  function enhance(section) {
    const prefix = section.dataset.formset;
    const item = section.dataset.formsetItem;
    const rowsBox = section.querySelector("[data-formset-rows]");
    const template = section.querySelector("template[data-formset-empty]");
    const total = section.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const initial = Number(section.querySelector(`input[name="${prefix}-INITIAL_FORMS"]`).value);
    const maximum = Number(section.querySelector(`input[name="${prefix}-MAX_NUM_FORMS"]`).value);
    const addButton = section.querySelector("[data-formset-add]");
    const fullNote = section.querySelector("[data-formset-full]");
    let lastRemoved = null;
    let undo = null;

    const rows = () => [...rowsBox.querySelectorAll("[data-formset-row]")];
    const shown = () => rows().filter((row) => !row.hidden);

    // A row counts once it is saved, was numbered before (a form sent back with errors), or
    // has something typed in it. Blank rows stay unnumbered, so the server ignores them.
    const inUse = (row) => rowIndex(row) < initial
      || orderInput(row).defaultValue !== ""
      || dataFields(row).some(changedFromDefault);

    function refresh() {
      const visible = shown();
      visible.forEach((row, n) => {
        const place = `${capitalise(item)} ${n + 1}`;
        row.setAttribute("role", "group");
        row.setAttribute("aria-label", place);
        const [up, down, remove] = row.querySelectorAll("[data-row-tools] button");
        up.querySelector(".visually-hidden").textContent = `Move ${item} ${n + 1} up`;
        down.querySelector(".visually-hidden").textContent = `Move ${item} ${n + 1} down`;
        remove.querySelector(".visually-hidden").textContent = ` ${item} ${n + 1}`;
        // aria-disabled rather than disabled: the button keeps focus after a move to the end.
        up.setAttribute("aria-disabled", String(n === 0));
        down.setAttribute("aria-disabled", String(n === visible.length - 1));
      });
      const full = visible.length >= maximum;
      addButton.setAttribute("aria-disabled", String(full));
      fullNote.hidden = !full;
    }

    function toolButton(icon, text, extraClass) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `btn btn-outline-secondary btn-sm ${extraClass}`;
      const glyph = document.createElement("i");
      glyph.className = `bi ${icon}`;
      glyph.setAttribute("aria-hidden", "true");
      const label = document.createElement("span");
      label.className = "visually-hidden";
      label.textContent = text;
      button.append(glyph, label);
      return button;
    }

    function addTools(row) {
      const tools = document.createElement("div");
      tools.className = "btn-group";
      tools.setAttribute("role", "group");
      tools.dataset.rowTools = "";
      tools.setAttribute("aria-label", `Arrange this ${item}`);
      const up = toolButton("bi-arrow-up", "Move up", "");
      const down = toolButton("bi-arrow-down", "Move down", "");
      const remove = toolButton("bi-trash", "", "");
      remove.insertBefore(document.createTextNode(" Remove"), remove.lastChild);
      up.addEventListener("click", () => move(row, -1, up));
      down.addEventListener("click", () => move(row, 1, down));
      remove.addEventListener("click", () => removeRow(row));
      tools.append(up, down, remove);
      row.querySelector(".formset-actions").append(tools);
    }

    function move(row, step, button) {
      if (button.getAttribute("aria-disabled") === "true") {
        return;
      }
      const visible = shown();
      const from = visible.indexOf(row);
      const neighbour = visible[from + step];
      if (step < 0) {
        neighbour.before(row);
      } else {
        neighbour.after(row);
      }
      button.focus();
      refresh();
      announce(`${capitalise(item)} moved to position ${from + step + 1} of ${visible.length}.`);
    }

    function removeRow(row) {
      const place = shown().indexOf(row) + 1;
      removeInput(row).checked = true;
      row.hidden = true;
      lastRemoved = row;
      refresh();
      showUndo(`${capitalise(item)} ${place} removed.`);
      announce(`${capitalise(item)} ${place} removed. It is deleted when you save.`);
    }

    function showUndo(message) {
      if (!undo) {
        undo = document.createElement("p");
        undo.className = "small mb-2";
        const text = document.createElement("span");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-link btn-sm align-baseline";
        button.textContent = "Undo";
        button.addEventListener("click", restore);
        undo.append(text, " ", button);
        rowsBox.after(undo);
      }
      undo.firstChild.textContent = message;
      undo.hidden = false;
      undo.querySelector("button").focus();
    }

    function restore() {
      if (!lastRemoved) {
        return;
      }
      const row = lastRemoved;
      lastRemoved = null;
      removeInput(row).checked = false;
      row.hidden = false;
      undo.hidden = true;
      refresh();
      const place = shown().indexOf(row) + 1;
      dataFields(row)[0]?.focus();
      announce(`${capitalise(item)} ${place} is back.`);
    }

    function addRow() {
      if (addButton.getAttribute("aria-disabled") === "true") {
        announce(`This section holds at most ${maximum} rows.`);
        return;
      }
      const index = Number(total.value);
      const holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replaceAll("__prefix__", String(index));
      const row = holder.querySelector("[data-formset-row]");
      rowsBox.append(row);
      total.value = String(index + 1);
      prepare(row);
      refresh();
      dataFields(row)[0]?.focus();
      announce(`${capitalise(item)} ${shown().length} added.`);
    }

    function prepare(row) {
      row.querySelector(".formset-order").hidden = true;
      row.querySelector(".formset-delete").hidden = true;
      addTools(row);
      if (removeInput(row).checked) {
        row.hidden = true; // removed before the form came back with errors
      }
    }

    // A form sent back with errors lists rows by index; show them in the order chosen.
    const placed = rows().map((row, n) => ({ row, n, order: Number(orderInput(row).value) || Infinity }));
    placed.sort((a, b) => a.order - b.order || a.n - b.n);
    placed.forEach(({ row }) => rowsBox.append(row));

    rows().forEach(prepare);
    section.querySelector('[data-formset-hint="plain"]').hidden = true;
    section.querySelector('[data-formset-hint="enhanced"]').hidden = false;
    section.querySelector("[data-formset-controls]").hidden = false;
    addButton.addEventListener("click", addRow);
    refresh();

    return {
      // Number the rows in use 1, 2, 3... in the order on screen, as the plain form would.
      number() {
        let position = 0;
        shown().forEach((row) => {
          orderInput(row).value = inUse(row) ? String(++position) : "";
        });
      },
    };
  }

  const sections = [...editor.querySelectorAll("section[data-formset]")].map(enhance);
  editor.addEventListener("submit", () => sections.forEach((section) => section.number()));
})();
