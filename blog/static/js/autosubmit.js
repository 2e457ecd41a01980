// Hands the browser on to the identity provider at logout: submits forms marked data-autosubmit
// (the POST hand-off) and follows links marked data-autofollow (the GET hand-off).
// A file, not an inline script, so the Content-Security-Policy can forbid inline scripts.
// A followed link is a navigation, which form-action does not govern; replace() keeps the
// hand-off page out of the history, so Back does not log out at the provider again.
document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
  form.submit();
});
document.querySelectorAll("a[data-autofollow]").forEach(function (link) {
  window.location.replace(link.href);
});
