// Progressive enhancement for Rehabilitation Pathways.
// Loaded as: <script type="module" src="/static/js/init.js"></script>
// (no inline scripts: CSP is script-src 'self'). Every page works without JS.
//
// Module scripts only run in browsers that support ES modules, which is the
// GOV.UK Frontend support baseline, so both classes are added here.
const classes = ['js-enabled', 'govuk-frontend-supported']
document.body.classList.add(...classes)

import('/static/govuk/govuk-frontend.min.js')
  .then(({ initAll }) => initAll())
  .catch((error) => {
    // If GOV.UK Frontend fails to load or initialise, fall back to the
    // no-JS presentation so nothing is left hidden or half-enhanced.
    document.body.classList.remove(...classes)
    console.error('GOV.UK Frontend failed to initialise', error)
  })
