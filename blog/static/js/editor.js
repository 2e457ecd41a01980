// The post editor (blog/templates/posts/_form.html), and this browser's copy of what is typed in it.
//
// - Live preview: the server renders the body through the pipeline a saved post goes through
//   (POST data-preview-url) and answers sanitized HTML and what the sanitizer removed.
// - Autosave: a few seconds after the author stops typing (and at least every AUTOSAVE_MAX_WAIT
//   while they type) the form goes to data-autosave-url. A new post's first autosave makes it a
//   draft: the form then goes on as that draft's editor.
// - A copy in localStorage, written on every keystroke, so that text typed offline or after the
//   login ended survives a reload, a closed tab or a new login; it is given back on the next
//   load and autosaved. Log out forgets every copy (the computer may be shared).
//
// Loaded on every page of a logged-in author, for the Log out button. A file with no library,
// no inline code and no eval, as the Content-Security-Policy (script-src 'self') requires.
// It never moves the focus: news goes to the form's role="status" element.
(function () {
  "use strict";

  const COPY_PREFIX = "blog-editor:";
  const PREVIEW_DELAY = 400; // ms after the last keystroke
  const AUTOSAVE_IDLE = 3000; // ms after the last keystroke...
  const AUTOSAVE_MAX_WAIT = 10000; // ...and at least this often while the author types
  const RETRY_DELAY = 10000; // after the network or the blog failed
  const FIELDS = ["title", "format", "body", "summary", "slug", "tags"];
  const REMOVED_INTRO = "Removed when saved, because readers’ browsers must not run or load it: ";

  // localStorage may be full, or refused (private modes, policies): the editor works without it.
  function readCopy(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function writeCopy(key, copy) {
    try {
      window.localStorage.setItem(key, JSON.stringify(copy));
    } catch (error) {
      // Not kept in the browser; autosave still keeps it on the server.
    }
  }

  function removeCopy(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (error) {
      // Nothing was stored.
    }
  }

  function forgetAllCopies() {
    try {
      for (let index = window.localStorage.length - 1; index >= 0; index -= 1) {
        const key = window.localStorage.key(index);
        if (key && key.startsWith(COPY_PREFIX)) window.localStorage.removeItem(key);
      }
    } catch (error) {
      // Nothing was stored.
    }
  }

  function twoDigits(number) {
    return String(number).padStart(2, "0");
  }

  // HH:MM or HH:MM:SS in the browser's time zone.
  function clock(time, withSeconds) {
    const date = new Date(time);
    const minutes = twoDigits(date.getHours()) + ":" + twoDigits(date.getMinutes());
    return withSeconds ? minutes + ":" + twoDigits(date.getSeconds()) : minutes;
  }

  // One copy per form, named by where the form posts: the new-post form and each post's editor.
  // (The attribute, not form.action: that is the buttons named "action".)
  function keyOf(form) {
    return COPY_PREFIX + new URL(form.getAttribute("action"), window.location.href).pathname;
  }

  function startEditor(form) {
    const status = form.querySelector("[data-autosave-status]");
    const previewBody = document.getElementById("preview-body");
    const previewError = document.getElementById("preview-error");
    const removedNote = document.getElementById("preview-removed");
    const tokenField = form.querySelector("input[name=csrf_token]");
    const token = tokenField ? tokenField.value : "";
    let copyKey = keyOf(form);
    // When the server saved the text it has (server clock, ISO); null when unknown.
    let serverSavedAt = form.dataset.savedAt || null;
    // The text the server has; null when it may have none of what the form shows.
    let savedText = serverSavedAt ? currentText() : null;
    let restoredFrom = null; // when the copy given back at load was written, until it is saved
    let stopped = false; // the login ended or the page expired: only a new page load can save
    let submitting = false;
    let previewTimer = null;
    let previewRunning = false;
    let previewAgain = false;
    let idleTimer = null;
    let maxWaitTimer = null;
    let saving = false;
    let saveAgain = false;
    let heldSubmitter = null; // the button of a submission waiting for the autosave in flight
    let submissionReleased = false;

    function currentText() {
      const text = {};
      for (const name of FIELDS) {
        const field = form.elements[name];
        text[name] = field ? field.value : "";
      }
      return text;
    }

    function sameText(one, other) {
      return FIELDS.every((name) => (one[name] || "") === (other[name] || ""));
    }

    function isEmpty(text) {
      return !text.title.trim() && !text.body.trim();
    }

    function setStatus(parts, problem) {
      if (!status) return;
      status.replaceChildren(...parts);
      status.classList.toggle("autosave-problem", Boolean(problem));
    }

    function loginLink() {
      const link = document.createElement("a");
      const next = encodeURIComponent(window.location.pathname);
      link.href = (form.dataset.loginUrl || "/login") + "?next=" + next;
      link.textContent = "log in again";
      return link;
    }

    function sessionEnded() {
      stopped = true;
      setStatus(["Your session has ended. Your text is kept in this browser; ", loginLink(),
        " to save it."], true);
    }

    function pageExpired() {
      // A CSRF refusal: this page's token belongs to a session that is gone (a new login in
      // another tab replaces it). Reloading brings a fresh token, and the copy back.
      stopped = true;
      setStatus(["Not saved: this page has expired. Your text is kept in this browser; reload "
        + "the page to go on."], true);
    }

    // POST the whole form (its CSRF token too) and read the JSON answer, if any.
    async function send(url) {
      const response = await fetch(url, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-CSRFToken": token, Accept: "application/json" },
        credentials: "same-origin",
      });
      let data = null;
      if ((response.headers.get("Content-Type") || "").startsWith("application/json")) {
        try {
          data = await response.json();
        } catch (error) {
          data = null;
        }
      }
      return { status: response.status, data };
    }

    // The browser copy ---------------------------------------------------------------------

    function storeCopy() {
      const text = currentText();
      if (isEmpty(text)) {
        // Nothing worth giving back; an emptied form must not wipe the server's text later.
        removeCopy(copyKey);
        return;
      }
      writeCopy(copyKey, { ...text, saved: Date.now(), server_saved_at: serverSavedAt });
    }

    // Whether a copy holds text written after the text the server has.
    function copyIsNewer(copy) {
      if (!serverSavedAt) return true;
      const server = Date.parse(serverSavedAt);
      // Written on top of the server's text as it still is: newer, whatever the clocks say.
      if (copy.server_saved_at && Date.parse(copy.server_saved_at) >= server) return true;
      // The server's text changed since (another tab or computer): the later one wins, by clocks
      // that may differ by a little.
      return typeof copy.saved === "number" && copy.saved > server;
    }

    function restoreCopyAtLoad() {
      const copy = readCopy(copyKey);
      if (!copy || typeof copy !== "object") return false;
      // A copy marked when its form was submitted went to the server with the form: the server
      // saved it, showed it again with its errors, or kept it over a new login and gives it back
      // itself (blog/posts/kept.py). Giving it back here as well would, after a Publish from the
      // new-post form, write the published post a second time. So it is forgotten.
      if (copy.submitted || sameText(copy, currentText()) || !copyIsNewer(copy)) {
        removeCopy(copyKey);
        return false;
      }
      for (const name of FIELDS) {
        const field = form.elements[name];
        if (field && typeof copy[name] === "string") field.value = copy[name];
      }
      restoredFrom = copy.saved;
      setStatus(["Restored your text from this browser (written " + clock(copy.saved, false)
        + "). It is not saved yet."], true);
      return true;
    }

    // Live preview ---------------------------------------------------------------------------

    function showPreviewError(message) {
      previewError.textContent = message;
      previewError.hidden = false;
    }

    function showPreview(data) {
      previewError.hidden = true;
      if (data.html) {
        // Sanitized by the server exactly as a saved post is; it is what readers will see.
        previewBody.innerHTML = data.html;
      } else {
        const empty = document.createElement("p");
        empty.className = "muted preview-empty";
        empty.textContent = "Nothing to show yet: readers would see an empty post.";
        previewBody.replaceChildren(empty);
      }
      const removed = Array.isArray(data.removed) ? data.removed : [];
      removedNote.textContent = removed.length ? REMOVED_INTRO + removed.join(", ") + "." : "";
      removedNote.hidden = removed.length === 0;
    }

    function schedulePreview() {
      window.clearTimeout(previewTimer);
      previewTimer = window.setTimeout(runPreview, PREVIEW_DELAY);
    }

    // One request at a time; keystrokes meanwhile ask for one more, with the latest text.
    async function runPreview() {
      window.clearTimeout(previewTimer);
      if (stopped || !previewBody) return;
      if (previewRunning) {
        previewAgain = true;
        return;
      }
      previewRunning = true;
      try {
        const answer = await send(form.dataset.previewUrl);
        if (answer.status === 200 && answer.data) {
          showPreview(answer.data);
        } else if (answer.status === 401) {
          showPreviewError("No preview: your session has ended.");
          sessionEnded();
        } else if (answer.status === 400 && !answer.data) {
          showPreviewError("No preview: this page has expired.");
          pageExpired();
        } else {
          showPreviewError((answer.data && answer.data.error)
            || "No preview: the blog did not answer (status " + answer.status + ").");
        }
      } catch (error) {
        showPreviewError("No preview (offline?): it comes back when you type again.");
      } finally {
        previewRunning = false;
        if (previewAgain) {
          previewAgain = false;
          runPreview();
        }
      }
    }

    // Autosave -------------------------------------------------------------------------------

    function clearAutosaveTimers() {
      window.clearTimeout(idleTimer);
      window.clearTimeout(maxWaitTimer);
      idleTimer = maxWaitTimer = null;
    }

    function scheduleAutosave(delay) {
      window.clearTimeout(idleTimer);
      idleTimer = window.setTimeout(autosave, delay);
      if (maxWaitTimer === null) maxWaitTimer = window.setTimeout(autosave, AUTOSAVE_MAX_WAIT);
    }

    function needsSaving(text) {
      return !isEmpty(text) && !(savedText && sameText(text, savedText));
    }

    // The new-post form's first autosave made a draft: from now on this is that draft's editor,
    // and a reload opens it. The copy moves to the draft's key: the new-post form must not give
    // back text that is now a draft.
    function becomeDraftEditor(data) {
      removeCopy(copyKey);
      form.setAttribute("action", data.edit_url);
      form.dataset.autosaveUrl = data.autosave_url;
      copyKey = keyOf(form);
      window.history.replaceState(null, "", data.edit_url);
    }

    function saved(text, answer) {
      savedText = text;
      serverSavedAt = answer.data.saved_at;
      // The post's version moves with every save: the form's next save must name the new one,
      // or the blog would take it for somebody else's conflicting edit.
      if (answer.data.version !== undefined && form.elements.version) {
        form.elements.version.value = String(answer.data.version);
      }
      if (answer.status === 201 && answer.data.edit_url) becomeDraftEditor(answer.data);
      // Text typed while the request was on its way is not saved yet: its copy stays.
      if (sameText(currentText(), text)) removeCopy(copyKey);
      else storeCopy();
      const when = clock(answer.data.saved_at, true);
      const parts = [restoredFrom === null ? "Saved at " + when + "."
        : "Restored your text from this browser (written " + clock(restoredFrom, false)
          + ") and saved it at " + when + "."];
      restoredFrom = null;
      if (form.hasAttribute("data-published")) {
        parts.push(" Readers see the changes when you press Update.");
      }
      if (answer.data.warning) parts.push(" " + answer.data.warning);
      setStatus(parts, Boolean(answer.data.warning));
    }

    async function autosave() {
      clearAutosaveTimers();
      if (stopped || submitting) return;
      const text = currentText();
      if (!needsSaving(text)) return;
      if (saving) {
        saveAgain = true;
        return;
      }
      saving = true;
      try {
        const answer = await send(form.dataset.autosaveUrl);
        if (submitting) return; // the form's own submission has the last word
        if ((answer.status === 200 || answer.status === 201) && answer.data) {
          saved(text, answer);
        } else if (answer.status === 401) {
          sessionEnded();
        } else if (answer.status === 400 && !answer.data) {
          pageExpired();
        } else if (answer.data && answer.data.error) {
          // Too large, or refused: retrying the same text would be refused again.
          setStatus(["Not saved: " + answer.data.error + " Your text is kept in this browser."],
            true);
        } else if (answer.status >= 500) {
          setStatus(["Not saved (the blog is not answering): kept in this browser; retrying."],
            true);
          scheduleAutosave(RETRY_DELAY);
        } else {
          // 403 or 404: the post was deleted, or is not this author's; retrying cannot help.
          stopped = true;
          setStatus(["Not saved (the blog answered " + answer.status + "): your text is kept in "
            + "this browser."], true);
        }
      } catch (error) {
        setStatus(["Not saved (offline?): kept in this browser; retrying."], true);
        scheduleAutosave(RETRY_DELAY);
      } finally {
        saving = false;
        if (heldSubmitter) {
          releaseSubmission();
        } else if (saveAgain) {
          saveAgain = false;
          autosave();
        }
      }
    }

    function releaseSubmission() {
      if (heldSubmitter === null) return;
      const submitter = heldSubmitter;
      heldSubmitter = null;
      submissionReleased = true;
      form.requestSubmit(submitter);
    }

    // Events ---------------------------------------------------------------------------------

    form.addEventListener("input", function (event) {
      if (submitting) return;
      storeCopy();
      const name = event.target && event.target.name;
      if (name === "body" || name === "format") schedulePreview();
      if (!stopped) scheduleAutosave(AUTOSAVE_IDLE);
    });

    form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.value === "preview") {
        // The live preview does what the button does without JavaScript, without a page load.
        event.preventDefault();
        runPreview();
        return;
      }
      if (saving && !submissionReleased) {
        // Sent now, the form would race the autosave on its way: beside a new post's first
        // autosave it would make a second post, and an autosave arriving after Update would
        // leave changes "not saved yet" behind. It goes once the autosave is answered (or
        // after a few seconds, if the network keeps that answer).
        event.preventDefault();
        if (heldSubmitter === null) {
          heldSubmitter = event.submitter || form.querySelector("button[value=publish]");
          window.setTimeout(releaseSubmission, 5000);
        }
        return;
      }
      submitting = true;
      clearAutosaveTimers();
      window.clearTimeout(previewTimer);
      const copy = readCopy(copyKey);
      if (copy) writeCopy(copyKey, { ...copy, submitted: true });
    });

    // Back to this page from the browser's cache after a submission: it may be edited again.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) submitting = false;
    });

    // Switching away (another tab, the phone's home screen) saves at once.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && needsSaving(currentText())) autosave();
    });

    // At load ------------------------------------------------------------------------------

    const emptyNote = previewBody && previewBody.querySelector(".preview-empty");
    if (emptyNote) emptyNote.textContent = "What readers will see appears here as you write.";
    const restored = restoreCopyAtLoad();
    if (form.elements.body && form.elements.body.value.trim()) runPreview();
    // Text the server may not have (given back from this browser, or shown again after an
    // invalid submission): save it now rather than at the next keystroke.
    if (restored || needsSaving(currentText())) autosave();
  }

  document.querySelectorAll("form[data-forgets-drafts]").forEach(function (logout) {
    logout.addEventListener("submit", forgetAllCopies);
  });
  const editorForm = document.querySelector("form.post-form");
  if (editorForm) startEditor(editorForm);
})();
