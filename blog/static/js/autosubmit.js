// Submits forms marked data-autosubmit (the logout hand-off to the identity provider).
// A file, not an inline script, so the Content-Security-Policy can forbid inline scripts.
document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
  form.submit();
});
