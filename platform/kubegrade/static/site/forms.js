// Selects marked data-submit-on-change (the language menu) submit their form on change:
// a file of the site's own, so the Content Security Policy needs no inline script.
document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
