// Images in the editor: pick a file (or drop one onto the body), say what it shows, and the
// upload's Markdown, ![alt](url), goes in at the cursor; optionally it becomes the feature image.
// The alt text is asked for in the page's own dialog (blog/templates/posts/_form.html). Any form
// with the image tools under its body field has this: the post form and the page form (which has
// no feature image, and so no feature checkbox in its dialog).
"use strict";

(function () {
  const tools = document.querySelector("[data-image-tools]");
  const dialog = document.querySelector("[data-image-dialog]");
  if (!tools || !dialog || typeof dialog.showModal !== "function") {
    return;
  }
  const form = tools.closest("form");
  const body = form.querySelector("textarea[name=body]");
  const featureField = form.querySelector("input[name=feature_image]");
  const fileInput = tools.querySelector("[data-image-file]");
  const status = tools.querySelector("[data-image-status]");
  const dialogForm = dialog.querySelector("[data-image-form]");
  const altInput = dialog.querySelector("[data-image-alt]");
  const error = dialog.querySelector("[data-image-error]");
  const featureBox = dialog.querySelector("[data-image-feature]");
  const uploadButton = dialog.querySelector("[data-image-upload]");
  const fileName = dialog.querySelector("[data-image-name]");
  const ACCEPTED = ["image/jpeg", "image/png", "image/gif", "image/webp"];

  let chosen = null;
  // Where the Markdown goes: the body's selection when the file was chosen.
  let insertAt = {start: 0, end: 0};

  tools.hidden = false;

  function say(message) {
    status.textContent = message;
  }

  function showError(message) {
    error.textContent = message;
    error.hidden = !message;
    altInput.setAttribute("aria-invalid", message ? "true" : "false");
  }

  function open(file) {
    chosen = file;
    insertAt = {start: body.selectionStart, end: body.selectionEnd};
    fileName.textContent = file.name ? "File: " + file.name : "";
    altInput.value = "";
    if (featureBox) {
      featureBox.checked = false;
    }
    showError("");
    uploadButton.disabled = false;
    dialog.showModal();
    altInput.focus();
  }

  function close() {
    chosen = null;
    fileInput.value = "";
    if (dialog.open) {
      dialog.close();
    }
    body.focus();
  }

  function insertMarkdown(markdown) {
    const before = body.value.slice(0, insertAt.start);
    const after = body.value.slice(insertAt.end);
    // An image on a line of its own: Markdown makes it a paragraph of its own.
    const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
    const tail = after === "" || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
    body.value = before + lead + markdown + tail + after;
    const cursor = (before + lead + markdown).length;
    body.setSelectionRange(cursor, cursor);
    // The editor's preview and autosave listen for input.
    body.dispatchEvent(new Event("input", {bubbles: true}));
  }

  function csrfToken() {
    const field = form.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  }

  async function upload(event) {
    event.preventDefault();
    const alt = altInput.value.trim();
    if (!alt) {
      showError("Say what the image shows: readers who cannot see it hear this instead.");
      altInput.focus();
      return;
    }
    const data = new FormData();
    data.append("image", chosen, chosen.name || "image");
    data.append("alt", alt);
    uploadButton.disabled = true;
    showError("");
    say("Uploading " + (chosen.name || "the image") + "…");
    let answer;
    try {
      const response = await fetch(tools.dataset.uploadUrl, {
        method: "POST", body: data, credentials: "same-origin",
        headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"},
      });
      answer = await response.json().catch(() => ({error: "The blog could not take the image (" + response.status + ")."}));
      if (!response.ok) {
        throw new Error(answer.error || "The upload failed.");
      }
    } catch (failure) {
      const message = failure instanceof TypeError ? "The upload did not reach the blog. Check your connection and try again." : failure.message;
      say("");
      showError(message);
      uploadButton.disabled = false;
      return;
    }
    const asFeature = featureBox !== null && featureBox.checked;
    close();
    insertMarkdown(answer.markdown);
    if (asFeature && featureField) {
      featureField.value = answer.url;
      featureField.dispatchEvent(new Event("input", {bubbles: true}));
    }
    say("Image inserted (" + answer.width + " × " + answer.height + ")" + (asFeature ? " and set as the feature image." : "."));
  }

  function imageFile(transfer) {
    if (!transfer || !transfer.files || transfer.files.length === 0) {
      return null;
    }
    return transfer.files[0];
  }

  tools.querySelector("[data-add-image]").addEventListener("click", () => fileInput.click());
  fileInput.addEventListener("change", () => {
    if (fileInput.files.length > 0) {
      open(fileInput.files[0]);
    }
  });
  dialogForm.addEventListener("submit", upload);
  dialog.querySelector("[data-image-cancel]").addEventListener("click", close);
  // Tab goes round the dialog's controls. A modal dialog keeps the page behind it out of reach,
  // but Chromium lets Tab leave for the browser's own toolbar after the last control; a keyboard
  // user would then have to find their way back.
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") {
      return;
    }
    const controls = Array.from(dialog.querySelectorAll("input, button"))
      .filter((control) => !control.disabled && control.type !== "hidden" && control.checkVisibility());
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  dialog.addEventListener("cancel", () => {
    chosen = null;
    fileInput.value = "";
  });

  body.addEventListener("dragover", (event) => {
    if (event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files")) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      body.classList.add("drop-target");
    }
  });
  body.addEventListener("dragleave", () => body.classList.remove("drop-target"));
  body.addEventListener("drop", (event) => {
    const file = imageFile(event.dataTransfer);
    body.classList.remove("drop-target");
    if (!file) {
      return;
    }
    event.preventDefault();
    if (file.type && !ACCEPTED.includes(file.type)) {
      say("Only JPEG, PNG, GIF and WebP images can be added.");
      return;
    }
    open(file);
  });
})();
