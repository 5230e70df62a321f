"""Setting up the app: configuration, security headers, errors, templates, commands."""
