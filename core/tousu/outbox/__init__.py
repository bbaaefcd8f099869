"""Messages that reach people: the kernel keeps their configuration.

`tousu.outbox.settings` reads ``[orgs.ID.notify]`` (channels, staff addresses) and
``[orgs.ID.public]`` (the status page's address), part of the config every command validates.
Writing the messages an event causes, in its transaction, is the default plugin ``outbox``
(`tousu.default_plugins.outbox`); sending them and taking e-mails in is ``delivery``
(`tousu.default_plugins.delivery`).

Documented for deployers and receivers in docs/notifications.md.
"""
