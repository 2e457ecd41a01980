// The error summary of a refused form (blog/templates/posts/_form.html, error_summary): the
// focus goes to it when the page loads, so that keyboard and screen reader users start from the
// list of what to fix; each of its links takes the focus to its field.
// Loaded only by pages that show a summary. Without JavaScript the summary is still the first
// thing in the form and the page's title starts with "Error: ".
"use strict";

(function () {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();

  summary.addEventListener("click", function (event) {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    // The browser would scroll the field to the window's top edge, its label out of sight
    // above it: bring the label into view too, then focus the field.
    event.preventDefault();
    const label = field.labels && field.labels.length ? field.labels[0] : field;
    label.scrollIntoView({block: "start"});
    field.focus({preventScroll: true});
  });
})();
