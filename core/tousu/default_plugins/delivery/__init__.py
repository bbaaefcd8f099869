"""Delivery, a default plugin: the outbox's messages sent, and e-mails taken in.

The default plugin ``outbox`` writes each message in the transaction of its event
(`tousu.default_plugins.outbox.record`); this plugin sends them (`deliver`: SMTP, signed webhook, at least once, with retries) from
``tousu deliver`` and, through ``register_background``, every ``deliver_every`` in the
background of ``tousu serve``; ``tousu outbox`` shows and retries them (`cli`); ``tousu
mail-in`` turns e-mails into complaints or information on a case (`mailin`). Its hooks are
`tousu.default_plugins.commands.Delivery`. Documented in docs/notifications.md.
"""
