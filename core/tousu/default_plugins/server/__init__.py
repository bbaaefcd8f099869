"""tousu's HTTP door: `tousu serve`, the JSON API under ``/api/v1`` and staff logins.

The server is another door on the same `tousu.app.App` the CLI calls: it parses requests,
lets the App decide and renders the same JSON documents as ``--json``. The actor is always
the staff member who logged in (`tousu.default_plugins.server.auth`), never a value in the request.

A default plugin (`tousu.default_plugins.commands.Server` adds its commands through
``register_commands``): the kernel never imports it. The ``[server]`` table it reads is its
own (`settings`), registered through ``register_settings`` and validated by `tousu.config` with
the rest of ``tousu.toml`` for every command.

Modules: `passwords` (scrypt), `auth` (logins, tokens, sessions, throttling: what the web
pages reuse), `asgi` (the app factory, middlewares, and the routes and background work of
``register_routes`` and ``register_background``), `api` (the endpoints), `cli` (``tousu
serve`` and ``tousu staff``). Importing this package imports nothing heavy.
"""

from tousu.default_plugins.server import texts as _texts  # noqa: F401  (registers the server's lines)
