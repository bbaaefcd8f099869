"""The complainant's side: a public complaint form and a status page by receipt code.

A default plugin (entry point ``public``) that adds its routes to ``tousu serve`` through the
``register_routes`` hook. `tousu.default_plugins.public.view` decides what a complainant may see of a case
(pure, no SQL); `tousu.default_plugins.public.guard` holds the abuse defences (rate limits, honeypot, fill
time); `tousu.default_plugins.public.pages` is the door: it parses forms, calls the App as the actor
``public``, and renders the templates in the organization's language.
"""
