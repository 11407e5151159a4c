// Runs before everything else: every script error, rejected promise and console.error call ends up
// in #report-errors (visible on the page, and checked by the rendering test) and in data-js-errors.
(function () {
  var count = 0;
  function record(kind, text) {
    count++;
    document.documentElement.setAttribute('data-js-errors', String(count));
    var box = document.getElementById('report-errors');
    if (!box) {
      return;
    }
    box.hidden = false;
    var li = document.createElement('li');
    li.textContent = kind + ': ' + text;
    box.querySelector('ul').appendChild(li);
  }
  window.__reportError = record;
  window.addEventListener('error', function (e) {
    record('error', (e.message || String(e.error || e.type)) + (e.filename ? ' (' + e.filename + ':' + e.lineno + ')' : ''));
  });
  window.addEventListener('unhandledrejection', function (e) {
    record('unhandled rejection', String(e.reason));
  });
  document.addEventListener('securitypolicyviolation', function (e) {
    record('blocked by the page\'s no-network policy', e.blockedURI + ' (' + e.violatedDirective + ')');
  });
  var original = console.error;
  console.error = function () {
    record('console.error', Array.prototype.map.call(arguments, String).join(' '));
    return original.apply(console, arguments);
  };
  document.documentElement.setAttribute('data-js-errors', '0');
})();
