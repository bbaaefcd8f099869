"""The web desk: server-rendered pages for complaint staff, a default plugin of ``tousu serve``.

`tousu.web.plugin` adds the pages through the server's ``register_routes`` hook;
`tousu.web.views` computes what each page shows from `tousu.app.App`; the templates under
``templates/`` render it in the organization's language (`tousu.web.strings` for the desk's
own words, `tousu.labels` for the domain's). No page needs JavaScript. See docs/desk.md.
"""
