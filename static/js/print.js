// The print sheet's "Print this list" button (no inline script: CSP is script-src 'self').
// Without JavaScript the button stays hidden and the page says how to print from the menu.
for (const button of document.querySelectorAll('[data-app-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
