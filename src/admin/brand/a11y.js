// What AdminJS's own markup lacks for screen readers: a name on its icon-only buttons and labels on
// the filter fields (text boxes and dropdowns). Applied to every change of the page (AdminJS renders with React).
(function () {
  var fr = (document.documentElement.lang || 'fr') !== 'en';
  function name(el, text) {
    if (!el.getAttribute('aria-label') && !el.textContent.trim()) el.setAttribute('aria-label', text);
  }
  function fix() {
    document.querySelectorAll('button').forEach(function (b) {
      name(b, b.querySelector('svg') ? (fr ? 'Menu ou action' : 'Menu or action') : fr ? 'Bouton' : 'Button');
    });
    document.querySelectorAll('input[name^="filter-"], input[name^="filter-"] + input').forEach(function (input) {
      if (input.getAttribute('aria-label') || input.id && document.querySelector('label[for="' + input.id + '"]')) return;
      var group = input.closest('section, div');
      var label = group && group.querySelector('label');
      input.setAttribute('aria-label', label ? label.textContent.trim() : input.name.replace('filter-', ''));
    });
    // The dropdowns of the filters (a status, a reference to another record): react-select's input, named by its field's label.
    document.querySelectorAll('input[id^="react-select-"]').forEach(function (input) {
      if (input.getAttribute('aria-label')) return;
      for (var el = input.parentElement; el && el !== document.body; el = el.parentElement) {
        var label = el.querySelector('label');
        if (label) return input.setAttribute('aria-label', label.textContent.trim());
      }
    });
  }
  new MutationObserver(fix).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', fix);
})();
