"""The plugin authors' test kit, registered as a pytest plugin (entry point ``pytest11``)."""
