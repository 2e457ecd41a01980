// The reader's light or dark theme: the system's (prefers-color-scheme) until they press the
// footer's "Dark theme" button, then their choice, kept in this browser's localStorage (no
// cookie, nothing sent to the blog). Loaded in <head> without defer, so that the stored choice
// applies before the first paint; without JavaScript the button stays hidden and the system's
// setting holds.
(function () {
  "use strict";
  var KEY = "blog-theme";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (error) { return null; }
  }

  function store(theme) {
    try { window.localStorage.setItem(KEY, theme); } catch (error) { /* private mode: for now only */ }
  }

  function shown() {
    if (root.dataset.theme) { return root.dataset.theme; }
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  var choice = stored();
  if (choice === "light" || choice === "dark") { root.dataset.theme = choice; }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) { return; }
    function label() { button.setAttribute("aria-pressed", String(shown() === "dark")); }
    label();
    button.hidden = false;
    button.addEventListener("click", function () {
      var next = shown() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      store(next);
      label();
    });
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", label);
  });
}());
