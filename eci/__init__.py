"""The `eci` application: settings, the CLI and the embedded stack that tie the layers together."""
