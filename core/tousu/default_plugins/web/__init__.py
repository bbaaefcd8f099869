"""The web desk: server-rendered pages for complaint staff, a default plugin of ``tousu serve``.

`tousu.default_plugins.web.plugin` adds the pages through the server's ``register_routes`` hook;
`tousu.default_plugins.web.views` computes what each page shows from `tousu.app.App`; the templates under
``templates/`` render it in the organization's language (`tousu.default_plugins.web.strings` for the desk's
own words, `tousu.default_plugins.words.labels` for the domain's). No page needs JavaScript. See docs/desk.md.
"""
