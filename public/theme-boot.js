// Applies the saved theme choice (light or dark) to <html> before the page paints, so a forced
// theme never flashes the system one first. A classic script from our own origin: the content
// security policy allows no inline scripts. src/app/theme.ts owns the choice afterwards.
(function () {
  try {
    var choice = localStorage.getItem('tideline-theme');
    if (choice === 'light' || choice === 'dark') {
      document.documentElement.dataset.theme = choice;
    }
  } catch {
    // Storage blocked: follow the system.
  }
})();
