"""The settings every layer may read: one typed model of the `ECI_*` environment."""
