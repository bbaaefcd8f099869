"""tousu's own features that are plugins like any other (datasette's ``default_*`` pattern).

Reporting, bulk import and export, purge, the plugin listing, delivery, the HTTP server
(`server`: `tousu serve`, the JSON API, staff logins) and the operator's tools (``init``,
``attach``, ``domains``, ``templates``, ``verify``) live here; the kernel (the
rest of ``core/tousu``) reaches them only through hooks and the command table, so a deployment
could leave any of them out and a third-party plugin could replace one.
"""
