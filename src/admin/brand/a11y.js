// What AdminJS's own markup lacks for screen readers: a name on its icon-only buttons, labels on
// the filter fields (text boxes and dropdowns), a main landmark and a level-1 heading (AdminJS
// titles every page with an h2). Applied to every change of the page (AdminJS renders with React),
// as attributes only: React keeps the elements it drew.
(function () {
  var fr = (document.documentElement.lang || 'fr') !== 'en';
  function name(el, text) {
    if (!el.getAttribute('aria-label') && !el.textContent.trim()) el.setAttribute('aria-label', text);
  }
  // The page's own content: what the router draws below the top bar (a list, a record, the home).
  function landmarks() {
    var content = document.querySelector('[data-css="app-content"]');
    if (!content) return;
    var main = null;
    for (var i = content.children.length - 1; i >= 0; i--) {
      var child = content.children[i];
      if (child.matches('[data-css="topbar"], [data-css="notice"], nav, header') || child.querySelector('[data-css="topbar"]')) continue;
      main = child;
      break;
    }
    document.querySelectorAll('[role="main"]').forEach(function (el) {
      if (el !== main) el.removeAttribute('role');
    });
    if (!main) return;
    if (main.getAttribute('role') !== 'main') main.setAttribute('role', 'main');
    // The page's title: its action header's (a list, a record), else the first heading outside the
    // filter drawer (the home). One only: a heading promoted before the header was drawn steps back.
    var title = main.querySelector('h1') ? null : main.querySelector('.adminjs_ActionHeader h2') || Array.prototype.find.call(main.querySelectorAll('h2'), function (h) {
      return !h.closest('[data-css$="filter-drawer"], .adminjs_Drawer');
    });
    document.querySelectorAll('[data-a11y-title]').forEach(function (h) {
      if (h === title) return;
      h.removeAttribute('role');
      h.removeAttribute('aria-level');
      h.removeAttribute('data-a11y-title');
    });
    if (title && !title.hasAttribute('data-a11y-title')) {
      title.setAttribute('data-a11y-title', '');
      title.setAttribute('role', 'heading');
      title.setAttribute('aria-level', '1');
    }
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
    landmarks();
  }
  new MutationObserver(fix).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', fix);
})();
