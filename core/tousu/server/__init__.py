"""tousu's HTTP door: `tousu serve`, the JSON API under ``/api/v1`` and staff logins.

The server is another door on the same `tousu.app.App` the CLI calls: it parses requests,
lets the App decide and renders the same JSON documents as ``--json``. The actor is always
the staff member who logged in (`tousu.server.auth`), never a value in the request.

Modules: `settings` (the ``[server]`` table), `passwords` (scrypt), `auth` (logins, tokens,
sessions, throttling: what the web pages reuse), `asgi` (the app factory, middlewares and
plugin routes), `api` (the endpoints), `cli` (``tousu serve`` and ``tousu staff``).
Importing this package imports nothing heavy: `tousu.config` reads `settings` from it.
"""
