"""Production hardening: secrets that must be set, the Content Security Policy, login
throttling, hashed API tokens, and the neutralising of hostile text (Markdown, CSV)."""
